package dev.wasmfaas.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

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
}
