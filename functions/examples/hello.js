// The platform's hello in JavaScript (node): greets, then echoes whatever it was sent on stdin.
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
    process.stdout.write('Hello from FAAS!\n');
    process.stdout.write(Buffer.concat(chunks));
});
