// Hostile fixture: tries a TCP connection to each host:port given on stdin (one a line), one after
// the other; prints "<address>: connected" or "<address>: blocked <code>".
const fs = require('fs');
const net = require('net');
const addresses = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
(async () => {
  for (const address of addresses) {
    const i = address.lastIndexOf(':');
    const line = await new Promise((done) => {
      const socket = net.connect({ host: address.slice(0, i), port: +address.slice(i + 1), timeout: 3000 });
      socket.on('connect', () => { socket.destroy(); done('connected'); });
      socket.on('error', (e) => done('blocked ' + e.code));
      socket.on('timeout', () => { socket.destroy(); done('blocked ETIMEDOUT'); });
    });
    console.log(address + ': ' + line);
  }
})();
