// Hostile fixture: tries to create each path given on stdin (one a line); prints "<path>: written"
// or "<path>: denied <code>".
const fs = require('fs');
for (const path of fs.readFileSync(0, 'utf8').split('\n').filter(Boolean)) {
  try {
    fs.writeFileSync(path, 'written by a function\n');
    console.log(path + ': written');
  } catch (e) {
    console.log(path + ': denied ' + e.code);
  }
}
