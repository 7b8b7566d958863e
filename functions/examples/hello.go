// The platform's hello in Go: greets, then echoes whatever it was sent on stdin.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	fmt.Print("Hello from FAAS!\n")
	io.Copy(os.Stdout, os.Stdin)
}
