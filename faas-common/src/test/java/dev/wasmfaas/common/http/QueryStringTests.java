package dev.wasmfaas.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

class QueryStringTests {

    @Test
    void decodesRepeatedAndEscapedParameters() {
        var query = QueryString.parse("name=hello&env=A%3D1&env=B%3Dx+y&flag&empty=");

        assertThat(query.get("name")).containsExactly("hello");
        assertThat(query.get("env")).containsExactly("A=1", "B=x y");
        assertThat(query.get("flag")).containsExactly("");
        assertThat(query.get("empty")).containsExactly("");
    }

    @Test
    void anEmptyOrMissingQueryHasNoParameters() {
        assertThat(QueryString.parse(null)).isEmpty();
        assertThat(QueryString.parse("")).isEmpty();
        assertThat(QueryString.parse("&&")).isEmpty();
    }

    @Test
    void aMalformedEscapeIsABadRequest() {
        assertThatThrownBy(() -> QueryString.parse("name=%zz")).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
        assertThatThrownBy(() -> QueryString.parse("name=%4")).isInstanceOf(FaasException.class);
    }

    @Test
    void keepsUnicode() {
        assertThat(QueryString.parse("n=%C3%A9t%C3%A9").get("n")).isEqualTo(List.of("été"));
    }

    @Test
    void anEscapeThatIsNotUtf8IsABadRequest() {
        for (String query : List.of("fn=%FF", "fn=%C3%28", "fn=%ED%A0%80", "%C3=1", "fn=%E2%82")) {
            assertThatThrownBy(() -> QueryString.parse(query)).as(query).isInstanceOfSatisfying(FaasException.class,
                    ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
        }
    }

    @Property(tries = 300)
    void whatAClientEncodesComesBackAsItWas(@ForAll String key, @ForAll String value) {
        Assume.that(!key.isEmpty() && !key.equals("x") && !key.equals("y") && isWellFormed(key) && isWellFormed(value));
        String query = "x=1&" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&y";

        assertThat(QueryString.parse(query).get(key)).last().isEqualTo(value);
    }

    @Property(tries = 500)
    void anyQueryParsesOrIsABadRequest(@ForAll("queries") String query) {
        try {
            QueryString.parse(query);
        } catch (FaasException ex) {
            assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
            assertThat(ex.getMessage()).startsWith("malformed query string");
        }
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> pieces = Arbitraries.oneOf(Arbitraries.of("%", "%z", "%zz", "%FF", "%C3", "%C3%A9", "%2", "&",
                "=", "&&=", "+", "%00", "fn", "name", "é", "\uD83D\uDE00"), Arbitraries.strings().ofMaxLength(5));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }

    private static boolean isWellFormed(String text) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }
}
