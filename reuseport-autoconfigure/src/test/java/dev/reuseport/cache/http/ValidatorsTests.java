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

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Validators}: conditional requests (RFC 9110 section 13), one rule
 * each, without a server.
 *
 * @author reuseport team
 */
class ValidatorsTests {

	private static final long LAST_MODIFIED = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

	private static HttpHeaders request(String name, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(name, value);
		return headers;
	}

	@Test
	void ifNoneMatchWithTheSameTagIsNotModified() {
		assertThat(Validators.notModified(request("If-None-Match", "\"v1\""), "\"v1\"", -1)).isTrue();
	}

	@Test
	void ifNoneMatchComparesWeakly() {
		assertThat(Validators.notModified(request("If-None-Match", "W/\"v1\""), "\"v1\"", -1)).isTrue();
		assertThat(Validators.notModified(request("If-None-Match", "\"v1\""), "W/\"v1\"", -1)).isTrue();
	}

	@Test
	void ifNoneMatchWithAnotherTagIsModified() {
		assertThat(Validators.notModified(request("If-None-Match", "\"v0\", \"v2\""), "\"v1\"", -1)).isFalse();
	}

	@Test
	void ifNoneMatchStarMatchesAnyTagButNoResponseWithout() {
		assertThat(Validators.notModified(request("If-None-Match", "*"), "\"v1\"", -1)).isTrue();
		assertThat(Validators.notModified(request("If-None-Match", "*"), null, LAST_MODIFIED)).isFalse();
	}

	@Test
	void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
		HttpHeaders headers = request("If-None-Match", "\"v0\"");
		headers.setIfModifiedSince(LAST_MODIFIED + 60_000);
		assertThat(Validators.notModified(headers, "\"v1\"", LAST_MODIFIED)).isFalse();
	}

	@Test
	void ifModifiedSinceComparesWholeSeconds() {
		HttpHeaders headers = new HttpHeaders();
		headers.setIfModifiedSince(LAST_MODIFIED);
		assertThat(Validators.notModified(headers, null, LAST_MODIFIED + 999)).isTrue();
		assertThat(Validators.notModified(headers, null, LAST_MODIFIED + 1000)).isFalse();
		assertThat(Validators.notModified(headers, null, -1)).isFalse();
	}

	@Test
	void anUnparsableDateIsIgnored() {
		assertThat(Validators.notModified(request("If-Modified-Since", "yesterday"), null, LAST_MODIFIED)).isFalse();
	}

	@Test
	void conditionsAreEitherHeaderField() {
		assertThat(Validators.hasConditions(request("If-None-Match", "*"))).isTrue();
		assertThat(Validators.hasConditions(request("If-Modified-Since", "Fri, 27 Nov 2026 10:00:00 GMT"))).isTrue();
		assertThat(Validators.hasConditions(request("If-Match", "*"))).isFalse();
	}

	@Test
	void quotedLeavesQuotedAndWeakTagsAlone() {
		assertThat(Validators.quoted("v1")).isEqualTo("\"v1\"");
		assertThat(Validators.quoted("\"v1\"")).isEqualTo("\"v1\"");
		assertThat(Validators.quoted("W/\"v1\"")).isEqualTo("W/\"v1\"");
	}

}
