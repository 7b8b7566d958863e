// Hostile fixture: says it started, then sleeps far past any time limit.
console.log('sleeping');
setTimeout(() => console.log('woke up'), 600000);
