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

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Evaluates a {@code GET} or {@code HEAD} request's {@code If-None-Match}, or else its
 * {@code If-Modified-Since} (RFC 9110 section 13.1), against a response's validators.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class Validators {

	private Validators() {
	}

	/**
	 * Return whether the request says the client has the response already.
	 * @param request the request header fields
	 * @param etag the response's entity tag, if any
	 * @param lastModified the response's last modification in epoch milliseconds,
	 * negative if unknown
	 * @return whether a {@code 304} answers the request
	 */
	static boolean notModified(HttpHeaders request, @Nullable String etag, long lastModified) {
		try {
			List<String> ifNoneMatch = request.getIfNoneMatch();
			if (!ifNoneMatch.isEmpty()) {
				return etag != null && ifNoneMatch.stream().anyMatch((tag) -> "*".equals(tag) || weakMatch(tag, etag));
			}
			long ifModifiedSince = request.getIfModifiedSince();
			return ifModifiedSince >= 0 && lastModified >= 0 && lastModified / 1000 <= ifModifiedSince / 1000;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static boolean hasConditions(HttpHeaders request) {
		return request.containsHeader(HttpHeaders.IF_NONE_MATCH)
				|| request.containsHeader(HttpHeaders.IF_MODIFIED_SINCE);
	}

	private static boolean weakMatch(String first, String second) {
		return opaque(first).equals(opaque(second));
	}

	private static String opaque(String tag) {
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

	static String quoted(String etag) {
		return (etag.startsWith("\"") || etag.startsWith("W/\"")) ? etag : "\"" + etag + "\"";
	}

}
