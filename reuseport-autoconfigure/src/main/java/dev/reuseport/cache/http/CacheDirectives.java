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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

	/**
	 * The targeted field (RFC 9213) that only this cache obeys.
	 */
	static final String REUSEPORT_CACHE_CONTROL = "Reuseport-Cache-Control";

	/**
	 * The targeted field (RFC 9213) that every CDN cache obeys.
	 */
	static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

	/**
	 * Directives whose argument is a number of seconds: an Integer in a targeted field.
	 */
	private static final Set<String> DELTA_SECONDS = Set.of("max-age", "s-maxage", "stale-while-revalidate",
			"stale-if-error");

	/**
	 * Directives without argument: a Boolean in a targeted field.
	 */
	private static final Set<String> FLAGS = Set.of("no-store", "no-cache", "private", "public", "must-revalidate",
			"proxy-revalidate", "immutable", "must-understand", "no-transform");

	static CacheDirectives of(HttpHeaders headers) {
		return parse(headers.getValuesAsList(HttpHeaders.CACHE_CONTROL));
	}

	/**
	 * Return the directives of a response for this cache: those of the first targeted
	 * field present, {@code Reuseport-Cache-Control} then {@code CDN-Cache-Control}, and
	 * only without either those of {@code Cache-Control} (RFC 9213 section 2.1).
	 * @param headers the response header fields
	 * @return the directives
	 */
	static CacheDirectives ofResponse(HttpHeaders headers) {
		for (String targeted : new String[] { REUSEPORT_CACHE_CONTROL, CDN_CACHE_CONTROL }) {
			List<String> values = headers.getValuesAsList(targeted);
			if (!values.isEmpty()) {
				CacheDirectives directives = targeted(values);
				if (directives != null) {
					return directives;
				}
			}
		}
		return of(headers);
	}

	/**
	 * Read a targeted field (RFC 9213 section 2.1): a Dictionary structured field (RFC
	 * 8941), whose directives of known meaning must have their type: an Integer for the
	 * delta-seconds ones, a Boolean (or, for {@code no-cache} and {@code private}, a list
	 * of field names) for the others. A field that does not parse, or has a member of the
	 * wrong type, is ignored, as if it were absent.
	 * @param values the field's lines
	 * @return the directives, or {@code null} when the field is to be ignored
	 */
	static @Nullable CacheDirectives targeted(List<String> values) {
		Map<String, StructuredDictionary.Item> members;
		try {
			members = StructuredDictionary.parse(values);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (members.isEmpty()) {
			return null;
		}
		Map<String, String> directives = new HashMap<>();
		for (Map.Entry<String, StructuredDictionary.Item> member : members.entrySet()) {
			String name = member.getKey();
			StructuredDictionary.Item item = member.getValue();
			if (DELTA_SECONDS.contains(name)) {
				if (item.type() != StructuredDictionary.Type.INTEGER || (Long) item.value() < 0) {
					return null;
				}
				directives.put(name, item.value().toString());
			}
			else if (FLAGS.contains(name)) {
				boolean fieldNames = (name.equals("no-cache") || name.equals("private"))
						&& (item.type() == StructuredDictionary.Type.INNER_LIST
								|| item.type() == StructuredDictionary.Type.STRING);
				if (!fieldNames && item.type() != StructuredDictionary.Type.BOOLEAN) {
					return null;
				}
				if (fieldNames || Boolean.TRUE.equals(item.value())) {
					directives.put(name, "");
				}
			}
		}
		return new CacheDirectives(directives);
	}

	static CacheDirectives parse(List<String> values) {
		if (values.isEmpty()) {
			return NONE;
		}
		Map<String, String> directives = new HashMap<>();
		for (String value : split(values)) {
			int equals = value.indexOf('=');
			String name = ((equals >= 0) ? value.substring(0, equals) : value).trim().toLowerCase(Locale.ROOT);
			String argument = (equals >= 0) ? unquote(value.substring(equals + 1).trim()) : "";
			if (!name.isEmpty()) {
				directives.putIfAbsent(name, argument);
			}
		}
		return new CacheDirectives(directives);
	}

	/**
	 * Split field values into list members at commas outside quoted strings.
	 * @param values the field values
	 * @return the list members
	 */
	private static List<String> split(List<String> values) {
		List<String> members = new ArrayList<>();
		for (String value : values) {
			boolean quoted = false;
			int start = 0;
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c == '"') {
					quoted = !quoted;
				}
				else if (c == ',' && !quoted) {
					members.add(value.substring(start, i));
					start = i + 1;
				}
			}
			members.add(value.substring(start));
		}
		return members;
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
