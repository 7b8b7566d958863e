/* Hostile fixture: spins forever without a system call, so only the epoch deadline can stop it. */
int main(void) {
    volatile unsigned long spins = 0;
    for (;;) {
        spins++;
    }
}
