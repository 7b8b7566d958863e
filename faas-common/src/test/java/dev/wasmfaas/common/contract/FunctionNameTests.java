package dev.wasmfaas.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/** Generated names: a valid name is always a safe file name, and anything else is refused as invalid-name. */
class FunctionNameTests {

    @Property(tries = 500)
    void aValidNameIsASafeFileName(@ForAll String candidate) {
        if (FunctionName.isValid(candidate)) {
            assertThat(candidate).hasSizeBetween(1, FunctionName.MAX_LENGTH).doesNotContain("/", "\\", "..", "\0", " ")
                    .matches("[A-Za-z0-9_-]+");
            assertThat(FunctionName.require(candidate)).isEqualTo(candidate);
        } else {
            assertInvalid(candidate);
        }
    }

    @Property(tries = 300)
    void hostileNamesAreRefused(@ForAll("hostileNames") String name) {
        assertThat(FunctionName.isValid(name)).isFalse();
        assertInvalid(name);
    }

    @Property(tries = 200)
    void everyNameOfTheAlphabetUpTo64IsAccepted(
            @ForAll @StringLength(min = 1, max = 64) @Chars({'_', '-'})
            @AlphaChars @NumericChars String name) {
        assertThat(FunctionName.require(name)).isEqualTo(name);
    }

    @Provide
    Arbitrary<String> hostileNames() {
        Arbitrary<String> valid = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> trick = Arbitraries.of("../", "..", "/", "\\", "%2F", "%2e%2e", " ", "\t", "\n", "\0", "\u0007",
                "é", "\u202e", "\uD83D\uDE00", "名前", ".", ":", "?", "#", "*", "%00");
        Arbitrary<String> spliced = Combinators.combine(valid, trick, valid).as((a, t, b) -> a + t + b);
        return Arbitraries.oneOf(spliced, trick, Arbitraries.just(""), Arbitraries.just("x".repeat(65)),
                Arbitraries.just("a".repeat(10_000)), Arbitraries.strings().ofMinLength(65).ofMaxLength(300)
                        .withCharRange('a', 'z'));
    }

    private static void assertInvalid(String name) {
        assertThatThrownBy(() -> FunctionName.require(name)).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.INVALID_NAME));
    }
}
