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

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The primary key of a stored response: the target URI's host (with port) and its path
 * and query, as sent. {@code GET} and {@code HEAD} share a key.
 *
 * @param host the host and port, lower case
 * @param path the path and query
 * @author reuseport team
 */
record HttpCacheKey(String host, String path) {

	static HttpCacheKey of(ServerHttpRequest request) {
		return of(request.getURI(), request.getHeaders().getFirst(HttpHeaders.HOST));
	}

	/**
	 * Return the key of a request target in origin form ({@code /path?query}), as the
	 * server's pipeline sees it before the application.
	 * @param target the request target
	 * @param host the {@code Host} field, or {@code null}
	 * @return the key
	 */
	static HttpCacheKey ofOriginForm(String target, @Nullable String host) {
		return new HttpCacheKey((host != null) ? host.toLowerCase(Locale.ROOT) : "", target);
	}

	static HttpCacheKey of(URI uri, @Nullable String host) {
		String authority = (host != null) ? host : uri.getRawAuthority();
		String query = uri.getRawQuery();
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		return new HttpCacheKey((authority != null) ? authority.toLowerCase(Locale.ROOT) : "",
				(query != null) ? path + "?" + query : path);
	}

	/**
	 * Return an estimate of the heap this key takes in the store: the record, its two
	 * strings at two bytes a character (an upper bound), and the store's entry.
	 * @return the estimated bytes
	 */
	long weight() {
		return 160 + 2L * (this.host.length() + this.path.length());
	}

	/**
	 * Return the key in the form {@code host/path?query}, as shown by the Actuator
	 * endpoint and accepted by {@link HttpResponseCache#invalidate(String)}.
	 * @return the key
	 */
	@Override
	public String toString() {
		return this.host + this.path;
	}

}
