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

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The directives of {@code Cache-Control} header fields (RFC 9111 section 5.2). Directive
 * names are case-insensitive; a quoted argument is unquoted, and a directive repeated
 * keeps its first value.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class CacheDirectives {

	private static final CacheDirectives NONE = new CacheDirectives(Map.of());

	private final Map<String, String> directives;

	private CacheDirectives(Map<String, String> directives) {
		this.directives = directives;
	}

	static CacheDirectives of(HttpHeaders headers) {
		List<String> values = headers.getValuesAsList(HttpHeaders.CACHE_CONTROL);
		if (values.isEmpty()) {
			return NONE;
		}
		Map<String, String> directives = new HashMap<>();
		for (String value : values) {
			int equals = value.indexOf('=');
			String name = ((equals >= 0) ? value.substring(0, equals) : value).trim().toLowerCase(Locale.ROOT);
			String argument = (equals >= 0) ? unquote(value.substring(equals + 1).trim()) : "";
			if (!name.isEmpty()) {
				directives.putIfAbsent(name, argument);
			}
		}
		return new CacheDirectives(directives);
	}

	private static String unquote(String value) {
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

	boolean has(String name) {
		return this.directives.containsKey(name);
	}

	/**
	 * Return the delta-seconds argument of a directive in milliseconds.
	 * @param name the directive
	 * @return the argument in milliseconds, {@code -1} when absent or not a number
	 */
	long millis(String name) {
		String argument = this.directives.get(name);
		if (argument == null || argument.isEmpty()) {
			return -1;
		}
		try {
			long seconds = Long.parseLong(argument);
			return (seconds < 0) ? -1 : Math.multiplyExact(Math.min(seconds, Integer.MAX_VALUE), 1000L);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	@Nullable String argument(String name) {
		return this.directives.get(name);
	}

}
