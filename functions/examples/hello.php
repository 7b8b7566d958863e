<?php
// The platform's hello in PHP: greets, then echoes whatever it was sent on stdin.
echo "Hello from FAAS!\n";
echo stream_get_contents(STDIN);
