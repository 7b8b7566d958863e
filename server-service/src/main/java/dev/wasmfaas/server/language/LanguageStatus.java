package dev.wasmfaas.server.language;

import java.time.Instant;

import dev.wasmfaas.server.compile.LanguageSupport;

/**
 * One row of {@code GET /languages}: what the last probe of the language's toolchain found, and when.
 *
 * @param lang the language id
 * @param available whether functions in it can be deployed here; {@code null} until its first probe ends
 * @param toolchain what compiles or runs it
 * @param version the toolchain's version, when available
 * @param install what to install when it is not available
 * @param checkedAt when its toolchain was last probed ({@code null} before the first probe ends)
 * @param probing whether a probe that will renew this row is running or waiting to run
 */
public record LanguageStatus(String lang, Boolean available, String toolchain, String version, String install,
        Instant checkedAt, boolean probing) {

    static LanguageStatus unknown(String lang, boolean probing) {
        return new LanguageStatus(lang, null, null, null, null, null, probing);
    }

    static LanguageStatus of(LanguageSupport support, Instant checkedAt, boolean probing) {
        return new LanguageStatus(support.lang(), support.available(), support.toolchain(), support.version(),
                support.install(), checkedAt, probing);
    }

    LanguageStatus withProbing(boolean now) {
        return new LanguageStatus(lang, available, toolchain, version, install, checkedAt, now);
    }
}
