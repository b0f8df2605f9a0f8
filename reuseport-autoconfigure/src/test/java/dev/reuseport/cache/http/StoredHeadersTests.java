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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StoredHeaders}, without a server.
 *
 * @author reuseport team
 */
class StoredHeadersTests {

	private static HttpHeaders response() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("Content-Type", "text/plain");
		headers.add("Set-Cookie", "a=1");
		headers.add("Vary", "Accept");
		headers.add("Vary", "Accept-Language");
		return headers;
	}

	@Test
	void keepsOnlyTheAcceptedFieldsByLowerCaseName() {
		StoredHeaders stored = StoredHeaders.of(response(), (name) -> !name.equals("set-cookie"));
		assertThat(stored.toHttpHeaders().headerNames()).containsExactlyInAnyOrder("Content-Type", "Vary");
	}

	@Test
	void firstFindsAFieldInAnyCase() {
		StoredHeaders stored = StoredHeaders.of(response(), (name) -> true);
		assertThat(stored.first("content-type")).isEqualTo("text/plain");
		assertThat(stored.first("VARY")).isEqualTo("Accept");
		assertThat(stored.first("Age")).isNull();
	}

	@Test
	void keepsEveryValueOfARepeatedField() {
		StoredHeaders stored = StoredHeaders.of(response(), (name) -> true);
		List<String> vary = new ArrayList<>();
		stored.forEach((name, value) -> {
			if (name.equals("Vary")) {
				vary.add(value);
			}
		});
		assertThat(vary).containsExactly("Accept", "Accept-Language");
	}

	@Test
	void writeToReplacesFieldsOfTheSameNameAndKeepsTheOthers() {
		HttpHeaders target = new HttpHeaders();
		target.add("Vary", "Origin");
		target.add("X-Request-Id", "7");
		StoredHeaders.of(response(), (name) -> true).writeTo(target, null);
		assertThat(target.get("Vary")).containsExactly("Accept", "Accept-Language");
		assertThat(target.getFirst("X-Request-Id")).isEqualTo("7");
	}

	@Test
	void writeToCanBeLimitedToSomeNames() {
		HttpHeaders target = new HttpHeaders();
		StoredHeaders.of(response(), (name) -> true).writeTo(target, Set.of("content-type"));
		assertThat(target.headerNames()).containsExactly("Content-Type");
	}

	@Test
	void withAddsAFieldAndIgnoresANullValue() {
		StoredHeaders stored = StoredHeaders.of(new HttpHeaders(), (name) -> true);
		assertThat(stored.with("ETag", null)).isSameAs(stored);
		assertThat(stored.with("ETag", "\"v1\"").first("etag")).isEqualTo("\"v1\"");
		assertThat(stored.first("etag")).isNull();
	}

}
