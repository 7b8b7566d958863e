// The platform's hello in C++: greets, then echoes whatever it was sent on stdin.
#include <iostream>
#include <iterator>
#include <string>

int main() {
    std::cout << "Hello from FAAS!\n";
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    std::cout << input;
    return 0;
}
