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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.reuseport.cache.http.StoredResponse.Freshness;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Decides whether a response may be stored (RFC 9111 section 3), and computes the
 * freshness of what is stored (section 4.2) and of what a {@code 304} validates (section
 * 4.3.4).
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class HttpCachePolicy {

	/**
	 * Status codes that are heuristically cacheable (RFC 9110 section 15.1), the only
	 * ones the default time-to-live applies to.
	 */
	private static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414,
			501);

	private static final Set<String> NOT_STORED_HEADERS = Set.of("connection", "keep-alive", "proxy-connection", "te",
			"trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authentication-info",
			"content-length", "age", "cache-status", "set-cookie");

	private static final byte[] NO_BODY = {};

	private static final long MAX_DELTA_SECONDS = 2147483648L;

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	/**
	 * IMF-fixdate, the obsolete RFC 850 format and asctime (RFC 9110 section 5.6.7).
	 */
	private static final Pattern HTTP_DATE = Pattern.compile("(?:[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} "
			+ "\\d{2}:\\d{2}:\\d{2} GMT)|(?:[A-Z][a-z]{5,8}, \\d{2}-[A-Z][a-z]{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} GMT)"
			+ "|(?:[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4})");

	private final long defaultTimeToLive;

	private final long keepStale;

	private final HttpDate date = new HttpDate();

	/**
	 * Create a new instance.
	 * @param defaultTimeToLive the freshness of responses without explicit freshness, or
	 * {@code null} to store only responses with explicit freshness
	 * @param keepStale how long a response stays stored once stale, beyond its own stale
	 * windows
	 */
	HttpCachePolicy(@Nullable Duration defaultTimeToLive, Duration keepStale) {
		this.defaultTimeToLive = (defaultTimeToLive != null) ? defaultTimeToLive.toMillis() : -1;
		this.keepStale = keepStale.toMillis();
	}

	/**
	 * Return why a response may not be stored, or {@code null} if it may.
	 * @param request the request
	 * @param status the status code
	 * @param headers the response header fields
	 * @param directives the response's {@code Cache-Control} directives
	 * @param now the current time in milliseconds since the epoch
	 * @return a reason, or {@code null}
	 */
	@Nullable String notStorable(ServerHttpRequest request, int status, HttpHeaders headers, CacheDirectives directives,
			long now) {
		if (status < 200 || status == 206 || status == 304 || headers.containsHeader(HttpHeaders.CONTENT_RANGE)) {
			return "status";
		}
		if (directives.has("no-store")) {
			return "no-store";
		}
		if (directives.has("private")) {
			return "private";
		}
		if (headers.containsHeader(HttpHeaders.SET_COOKIE)) {
			return "set-cookie";
		}
		if (headers.getValuesAsList(HttpHeaders.VARY).contains("*")) {
			return "vary-star";
		}
		if (request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION) && !directives.has("public")
				&& !directives.has("s-maxage") && !directives.has("must-revalidate")) {
			return "authorization";
		}
		if (freshness(status, headers, directives, now) < 0) {
			return "no-freshness";
		}
		return null;
	}

	/**
	 * Create the response to store, without its body, which is not known yet when the
	 * header fields are sent.
	 * @param request the request it answers
	 * @param status the status code
	 * @param response the response, its header fields without the tags header
	 * @param directives the response's directives for this cache
	 * @param own the response's {@code Reuseport-Cache-Control} values, removed from its
	 * header fields and kept with the stored response, or {@code null}
	 * @param tags the response's tags
	 * @param now the time it was received in epoch milliseconds
	 * @return the response to store, with an empty body
	 */
	StoredResponse store(ServerHttpRequest request, int status, ServerHttpResponse response, CacheDirectives directives,
			@Nullable List<String> own, Set<String> tags, long now) {
		HttpHeaders headers = response.getHeaders();
		StoredHeaders stored = StoredHeaders.of(response, (name) -> !NOT_STORED_HEADERS.contains(name));
		if (!headers.containsHeader(HttpHeaders.DATE)) {
			stored = stored.with(HttpHeaders.DATE, this.date.format(now));
		}
		if (own != null) {
			stored = stored.with(CacheDirectives.REUSEPORT_CACHE_CONTROL, String.join(", ", own));
		}
		HttpHeaders requestHeaders = request.getHeaders();
		boolean anonymous = !requestHeaders.containsHeader(HttpHeaders.AUTHORIZATION)
				&& !requestHeaders.containsHeader(HttpHeaders.COOKIE);
		return create(status, headers, directives, stored, NO_BODY, initialAge(headers), now, vary(request, headers),
				tags, anonymous);
	}

	/**
	 * Freshen a stored response with the header fields of a {@code 304} that validated
	 * it.
	 * @param stored the stored response
	 * @param validation the header fields of the {@code 304}
	 * @param own the {@code 304}'s {@code Reuseport-Cache-Control} values, removed from
	 * its header fields, or {@code null}
	 * @param now the time of the validation in epoch milliseconds
	 * @return the freshened response
	 */
	StoredResponse freshen(StoredResponse stored, HttpHeaders validation, @Nullable List<String> own, long now) {
		HttpHeaders headers = stored.headers().toHttpHeaders();
		// RFC 9111 section 3.2: every field of the 304 replaces the stored one, except
		// Content-Length (and what is never stored, hop-by-hop fields among them)
		validation.forEach((name, values) -> {
			if (!NOT_STORED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				headers.put(name, values);
			}
		});
		if (own != null) {
			headers.put(CacheDirectives.REUSEPORT_CACHE_CONTROL, own);
		}
		return create(stored.status(), headers, CacheDirectives.ofResponse(headers),
				StoredHeaders.of(headers, (name) -> true), stored.body(), initialAge(validation), now, stored.vary(),
				stored.tags(), stored.anonymous());
	}

	private StoredResponse create(int status, HttpHeaders headers, CacheDirectives directives, StoredHeaders stored,
			byte[] body, long initialAge, long now, Map<String, String> vary, Set<String> tags, boolean anonymous) {
		Freshness freshness = new Freshness(now, initialAge, Math.max(0, freshness(status, headers, directives, now)),
				Math.max(0, directives.millis("stale-while-revalidate")),
				Math.max(0, directives.millis("stale-if-error")), this.keepStale,
				directives.has("must-revalidate") || directives.has("proxy-revalidate"), directives.has("s-maxage"),
				directives.has("no-cache"));
		return new StoredResponse(status, stored, body, freshness, headers.getETag(), lastModified(headers), vary,
				Set.copyOf(tags), anonymous);
	}

	private static long lastModified(HttpHeaders headers) {
		try {
			return headers.getLastModified();
		}
		catch (IllegalArgumentException ex) {
			return -1;
		}
	}

	/**
	 * Return the freshness lifetime: {@code s-maxage}, else {@code max-age}, else
	 * {@code Expires} minus {@code Date}, else the default time-to-live for a
	 * heuristically cacheable status.
	 * @param status the status code
	 * @param headers the response header fields
	 * @param directives the response directives
	 * @param now the current time in epoch milliseconds
	 * @return the freshness in milliseconds, negative if it has none
	 */
	private long freshness(int status, HttpHeaders headers, CacheDirectives directives, long now) {
		long sharedMaxAge = directives.millis("s-maxage");
		if (sharedMaxAge >= 0) {
			return sharedMaxAge;
		}
		long maxAge = directives.millis("max-age");
		if (maxAge >= 0) {
			return maxAge;
		}
		if (headers.containsHeader(HttpHeaders.EXPIRES)) {
			long expires = expires(headers);
			return (expires >= 0) ? Math.max(0, expires - date(headers, now)) : 0;
		}
		return HEURISTICALLY_CACHEABLE.contains(status) ? this.defaultTimeToLive : -1;
	}

	/**
	 * Return the {@code Expires} time, or {@code -1} for a value that is not one HTTP
	 * date in one of the three formats of RFC 9110 section 5.6.7: a cache must treat it
	 * as already expired (RFC 9111 section 5.3).
	 * @param headers the response header fields
	 * @return the expiry in epoch milliseconds
	 */
	private static long expires(HttpHeaders headers) {
		List<String> values = headers.get(HttpHeaders.EXPIRES);
		if (values == null || values.size() != 1 || !HTTP_DATE.matcher(values.get(0).trim()).matches()) {
			return -1;
		}
		try {
			return headers.getExpires();
		}
		catch (IllegalArgumentException ex) {
			return -1;
		}
	}

	private static long date(HttpHeaders headers, long now) {
		try {
			long date = headers.getDate();
			return (date >= 0) ? date : now;
		}
		catch (IllegalArgumentException ex) {
			return now;
		}
	}

	/**
	 * Return the {@code Age} of a response: the first member of a list, as RFC 9111
	 * section 5.1 asks of a cache that receives several.
	 * @param headers the response header fields
	 * @return the age in milliseconds
	 */
	private static long initialAge(HttpHeaders headers) {
		String age = headers.getFirst("Age");
		if (age == null) {
			return 0;
		}
		int comma = age.indexOf(',');
		String first = ((comma >= 0) ? age.substring(0, comma) : age).trim();
		if (first.isEmpty() || !first.chars().allMatch(Character::isDigit)) {
			return 0;
		}
		// RFC 9111 section 1.2.2: a delta-seconds too large to represent counts as 2^31
		long seconds = (first.length() > 10) ? MAX_DELTA_SECONDS : Math.min(Long.parseLong(first), MAX_DELTA_SECONDS);
		return seconds * 1000;
	}

	/**
	 * Return the normalized request values of the header fields a response varies on: its
	 * {@code Vary} fields, and {@code Accept} for every response with a
	 * {@code Content-Type}, whether or not it says so.
	 * @param request the request
	 * @param headers the response header fields
	 * @return the values by lower-case header name
	 */
	static Map<String, String> vary(ServerHttpRequest request, HttpHeaders headers) {
		boolean negotiated = headers.containsHeader(HttpHeaders.CONTENT_TYPE);
		if (!negotiated && !headers.containsHeader(HttpHeaders.VARY)) {
			return Map.of();
		}
		Map<String, String> vary = new TreeMap<>();
		for (String name : headers.getValuesAsList(HttpHeaders.VARY)) {
			String lowerCase = name.toLowerCase(Locale.ROOT);
			vary.put(lowerCase, normalized(request.getHeaders(), lowerCase));
		}
		if (negotiated) {
			// Spring chooses the Content-Type from Accept without saying Vary: Accept.
			// Keying
			// on it keeps one client's Accept from choosing the type every client gets.
			vary.putIfAbsent("accept", normalized(request.getHeaders(), "accept"));
		}
		return vary;
	}

	static String normalized(HttpHeaders headers, String name) {
		StringBuilder value = new StringBuilder();
		for (String part : headers.getValuesAsList(name)) {
			if (!value.isEmpty()) {
				value.append(',');
			}
			value.append(WHITESPACE.matcher(part).replaceAll(" "));
		}
		return "accept-encoding".equals(name) ? value.toString().toLowerCase(Locale.ROOT) : value.toString();
	}

	/**
	 * Formats {@code Date} values, once per second.
	 */
	private static final class HttpDate {

		private volatile Formatted last = new Formatted(-1, "");

		String format(long millis) {
			long second = millis / 1000;
			Formatted last = this.last;
			if (last.second() != second) {
				HttpHeaders headers = new HttpHeaders();
				headers.setDate(second * 1000);
				last = new Formatted(second, headers.getFirst(HttpHeaders.DATE));
				this.last = last;
			}
			return last.value();
		}

		private record Formatted(long second, String value) {

		}

	}

}
