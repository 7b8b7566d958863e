// Hostile fixture: tries to read each path given on stdin (one a line); prints "<path>: denied <code>"
// or "<path>: read <first bytes>".
const fs = require('fs');
for (const path of fs.readFileSync(0, 'utf8').split('\n').filter(Boolean)) {
  try {
    console.log(path + ': read ' + fs.readFileSync(path).subarray(0, 64).toString());
  } catch (e) {
    console.log(path + ': denied ' + e.code);
  }
}
