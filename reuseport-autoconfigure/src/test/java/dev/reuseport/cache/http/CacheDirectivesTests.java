/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.cache.http;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheDirectives}: parsing of {@code Cache-Control} and the targeted
 * fields (RFC 9111 section 5.2, RFC 9213), no server.
 *
 * @author reuseport team
 */
class CacheDirectivesTests {

	@Test
	void namesAreCaseInsensitiveAndArgumentsAreDeltaSeconds() {
		CacheDirectives directives = CacheDirectives.parse(List.of("Max-Age=60, NO-CACHE"));
		assertThat(directives.millis("max-age")).isEqualTo(60_000);
		assertThat(directives.has("no-cache")).isTrue();
	}

	@Test
	void commaInsideAQuotedArgumentDoesNotSplit() {
		CacheDirectives directives = CacheDirectives.parse(List.of("no-cache=\"Set-Cookie, X-Token\", max-age=5"));
		assertThat(directives.argument("no-cache")).isEqualTo("Set-Cookie, X-Token");
		assertThat(directives.millis("max-age")).isEqualTo(5_000);
	}

	@Test
	void membersSpreadOverSeveralFieldLinesAreOneList() {
		CacheDirectives directives = CacheDirectives.parse(List.of("public", "s-maxage=10"));
		assertThat(directives.has("public")).isTrue();
		assertThat(directives.millis("s-maxage")).isEqualTo(10_000);
	}

	@Test
	void firstOccurrenceOfARepeatedDirectiveWins() {
		assertThat(CacheDirectives.parse(List.of("max-age=1, max-age=100")).millis("max-age")).isEqualTo(1_000);
	}

	@Test
	void invalidOrNegativeOrMissingDeltaSecondsIsAbsent() {
		assertThat(CacheDirectives.parse(List.of("max-age=abc")).millis("max-age")).isEqualTo(-1);
		assertThat(CacheDirectives.parse(List.of("max-age=-5")).millis("max-age")).isEqualTo(-1);
		assertThat(CacheDirectives.parse(List.of("max-age")).millis("max-age")).isEqualTo(-1);
		assertThat(CacheDirectives.parse(List.of()).has("max-age")).isFalse();
	}

	@Test
	void hugeDeltaSecondsIsCappedInsteadOfOverflowing() {
		assertThat(CacheDirectives.parse(List.of("max-age=99999999999999")).millis("max-age"))
			.isEqualTo(Integer.MAX_VALUE * 1000L);
	}

	@Test
	void ownTargetedFieldWinsOverCdnAndCacheControl() {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.CACHE_CONTROL, "max-age=1");
		headers.add(CacheDirectives.CDN_CACHE_CONTROL, "max-age=2");
		headers.add(CacheDirectives.REUSEPORT_CACHE_CONTROL, "max-age=3");
		assertThat(CacheDirectives.ofResponse(headers).millis("max-age")).isEqualTo(3_000);
		headers.remove(CacheDirectives.REUSEPORT_CACHE_CONTROL);
		assertThat(CacheDirectives.ofResponse(headers).millis("max-age")).isEqualTo(2_000);
		headers.remove(CacheDirectives.CDN_CACHE_CONTROL);
		assertThat(CacheDirectives.ofResponse(headers).millis("max-age")).isEqualTo(1_000);
	}

	@Test
	void targetedFieldIsADictionary() {
		CacheDirectives directives = CacheDirectives
			.targeted(List.of("max-age=60, stale-while-revalidate=30", "must-revalidate, x-unknown=(\"a\" b);p=1"));
		assertThat(directives).isNotNull();
		assertThat(directives.millis("max-age")).isEqualTo(60_000);
		assertThat(directives.millis("stale-while-revalidate")).isEqualTo(30_000);
		assertThat(directives.has("must-revalidate")).isTrue();
		assertThat(directives.has("x-unknown")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "max-age=\"60\"", "max-age=60.0", "max-age=-1", "max-age=?1", "max-age=:AQID:", "no-store=60",
					"public=\"yes\"", "max-age=1000000000000000", "Max-Age=60", "max-age=60,", "max-age=60 s-maxage=1",
					"max-age=60;", "private=(a", "x=\"unterminated", "x=\"tab\t\"", "x=?2", "", " , " })
	void targetedFieldWithAMemberOfTheWrongTypeOrBadSyntaxIsIgnored(String value) {
		assertThat(CacheDirectives.targeted(List.of(value))).as(value).isNull();
	}

	@Test
	void falseFlagIsAbsentAndFieldNamesQualifyNoCacheAndPrivate() {
		CacheDirectives directives = CacheDirectives.targeted(List.of("no-store=?0, private=(\"set-cookie\")"));
		assertThat(directives).isNotNull();
		assertThat(directives.has("no-store")).isFalse();
		assertThat(directives.has("private")).isTrue();
	}

	@Test
	void invalidTargetedFieldFallsBackToTheNextField() {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.CACHE_CONTROL, "no-store");
		headers.add(CacheDirectives.CDN_CACHE_CONTROL, "max-age=\"60\"");
		assertThat(CacheDirectives.ofResponse(headers).has("no-store")).as("CDN-Cache-Control ignored").isTrue();
		assertThat(CacheDirectives.ofResponse(headers).millis("max-age")).isEqualTo(-1);
	}

}
