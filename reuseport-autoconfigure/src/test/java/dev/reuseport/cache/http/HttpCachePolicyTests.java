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

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HttpCachePolicy#notStorable}: which responses a shared cache may store
 * (RFC 9111 section 3), directive by directive, at a fixed time, no server.
 *
 * @author reuseport team
 */
class HttpCachePolicyTests {

	private static final long NOW = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();

	private final HttpCachePolicy policy = new HttpCachePolicy(null, Duration.ofSeconds(30));

	private final MockServerHttpRequest request = MockServerHttpRequest.get("/page").build();

	private String reason(int status, String... fields) {
		return reason(this.policy, this.request, status, fields);
	}

	private static String reason(HttpCachePolicy policy, MockServerHttpRequest request, int status, String... fields) {
		HttpHeaders headers = new HttpHeaders();
		for (int i = 0; i < fields.length; i += 2) {
			headers.add(fields[i], fields[i + 1]);
		}
		return policy.notStorable(request, status, headers, CacheDirectives.ofResponse(headers), NOW);
	}

	@Test
	void explicitFreshnessIsStorable() {
		assertThat(reason(200, "Cache-Control", "max-age=60")).isNull();
		assertThat(reason(200, "Cache-Control", "s-maxage=60")).isNull();
	}

	@Test
	void expiresAfterDateIsStorableAndAnInvalidExpiresIsStoredAsStale() {
		assertThat(reason(200, "Date", "Fri, 27 Nov 2026 12:00:00 GMT", "Expires", "Fri, 27 Nov 2026 12:01:00 GMT"))
			.isNull();
		assertThat(reason(200, "Expires", "0")).as("already expired, RFC 9111 section 5.3").isNull();
	}

	@Test
	void withoutFreshnessNothingIsStoredUnlessADefaultApplies() {
		assertThat(reason(200)).isEqualTo("no-freshness");
		HttpCachePolicy withDefault = new HttpCachePolicy(Duration.ofSeconds(60), Duration.ofSeconds(30));
		assertThat(reason(withDefault, this.request, 200)).isNull();
		assertThat(reason(withDefault, this.request, 302)).as("not heuristically cacheable").isEqualTo("no-freshness");
	}

	@Test
	void statusesThatAreNeverStored() {
		assertThat(reason(206, "Cache-Control", "max-age=60")).isEqualTo("status");
		assertThat(reason(304, "Cache-Control", "max-age=60")).isEqualTo("status");
		assertThat(reason(101, "Cache-Control", "max-age=60")).isEqualTo("status");
		assertThat(reason(200, "Cache-Control", "max-age=60", "Content-Range", "bytes 0-1/2")).isEqualTo("status");
	}

	@Test
	void directivesAndFieldsThatForbidStoring() {
		assertThat(reason(200, "Cache-Control", "no-store, max-age=60")).isEqualTo("no-store");
		assertThat(reason(200, "Cache-Control", "private, max-age=60")).isEqualTo("private");
		assertThat(reason(200, "Cache-Control", "max-age=60", "Set-Cookie", "a=b")).isEqualTo("set-cookie");
		assertThat(reason(200, "Cache-Control", "max-age=60", "Vary", "*")).isEqualTo("vary-star");
	}

	@Test
	void authorizedRequestIsStoredOnlyWhenTheResponseSaysSo() {
		MockServerHttpRequest authorized = MockServerHttpRequest.get("/page")
			.header("Authorization", "Bearer x")
			.build();
		assertThat(reason(this.policy, authorized, 200, "Cache-Control", "max-age=60")).isEqualTo("authorization");
		assertThat(reason(this.policy, authorized, 200, "Cache-Control", "public, max-age=60")).isNull();
		assertThat(reason(this.policy, authorized, 200, "Cache-Control", "s-maxage=60")).isNull();
		assertThat(reason(this.policy, authorized, 200, "Cache-Control", "must-revalidate, max-age=60")).isNull();
	}

	@Test
	void ownTargetedFieldOverridesCacheControl() {
		assertThat(reason(200, "Cache-Control", "no-store", "Reuseport-Cache-Control", "max-age=60")).isNull();
		assertThat(reason(200, "Cache-Control", "max-age=60", "CDN-Cache-Control", "no-store")).isEqualTo("no-store");
	}

}
