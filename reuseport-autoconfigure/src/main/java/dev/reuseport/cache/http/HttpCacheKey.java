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

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The primary key of a stored response: the target URI as the application sees it, after
 * the server's or Spring's handling of forwarded header fields (RFC 7239 and
 * {@code X-Forwarded-*}), so that a forwarded host or scheme the application honours is
 * part of the key and one it ignores changes nothing: its scheme, its host and port (the
 * scheme's default port left out, lower case) and its path and query, as sent.
 * {@code GET} and {@code HEAD} share a key.
 *
 * @param scheme the scheme, lower case
 * @param host the host and port, lower case
 * @param path the path and query
 * @author reuseport team
 */
record HttpCacheKey(String scheme, String host, String path) {

	/**
	 * The scheme of keys written without one: {@code host/path?query} means an
	 * {@code http} target.
	 */
	static final String DEFAULT_SCHEME = "http";

	/**
	 * Return the key of a request as the application sees it.
	 * @param request the request
	 * @return the key
	 */
	static HttpCacheKey of(ServerHttpRequest request) {
		return of(request.getURI());
	}

	/**
	 * Return the key of an absolute URI.
	 * @param uri the URI
	 * @return the key
	 */
	static HttpCacheKey of(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : DEFAULT_SCHEME;
		String host = (uri.getHost() != null) ? uri.getHost() : "";
		String query = uri.getRawQuery();
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		return new HttpCacheKey(scheme, authority(scheme, host, uri.getPort()),
				(query != null) ? path + "?" + query : path);
	}

	/**
	 * Return the key of a request target in origin form ({@code /path?query}) with the
	 * scheme, host and port the server resolved for it (Reactor Netty's
	 * {@code ConnectionInfo}, after its forwarded header handling when it is on), as the
	 * server's pipeline sees it before the application; built the way Spring builds the
	 * request's URI from them.
	 * @param scheme the scheme
	 * @param host the host name, without port
	 * @param port the port
	 * @param pathAndQuery the path and query, with any forwarded prefix
	 * @return the key
	 */
	static HttpCacheKey of(String scheme, String host, int port, String pathAndQuery) {
		String lowerScheme = scheme.toLowerCase(Locale.ROOT);
		String bracketed = (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
		return new HttpCacheKey(lowerScheme, authority(lowerScheme, bracketed, port), pathAndQuery);
	}

	private static String authority(String scheme, String host, int port) {
		String lower = host.toLowerCase(Locale.ROOT);
		boolean defaultPort = port < 0 || (port == 80 && ("http".equals(scheme) || "ws".equals(scheme)))
				|| (port == 443 && ("https".equals(scheme) || "wss".equals(scheme)));
		return defaultPort ? lower : lower + ":" + port;
	}

	/**
	 * Return the path and query of a purge key: {@code /path?query},
	 * {@code host/path?query} or {@code scheme://host/path?query}.
	 * @param purgeKey the purge key
	 * @return its path and query
	 */
	static String pathOf(String purgeKey) {
		if (purgeKey.startsWith("/")) {
			return purgeKey;
		}
		int schemeEnd = purgeKey.indexOf("://");
		String hostAndPath = (schemeEnd < 0) ? purgeKey : purgeKey.substring(schemeEnd + 3);
		int slash = hostAndPath.indexOf('/');
		return (slash < 0) ? "/" : hostAndPath.substring(slash);
	}

	/**
	 * Return this key for another path and query, on the same scheme and host.
	 * @param pathAndQuery the path and query
	 * @return the key
	 */
	HttpCacheKey withPath(String pathAndQuery) {
		return new HttpCacheKey(this.scheme, this.host, pathAndQuery);
	}

	/**
	 * Return an estimate of the heap this key takes in the store: the record, its strings
	 * at two bytes a character (an upper bound), and the store's entry.
	 * @return the estimated bytes
	 */
	long weight() {
		return 176 + 2L * (this.scheme.length() + this.host.length() + this.path.length());
	}

	/**
	 * Return the key in the form {@code host/path?query} for {@code http} and
	 * {@code scheme://host/path?query} for other schemes, as shown by the Actuator
	 * endpoint and accepted by {@link HttpResponseCache#invalidate(String)}.
	 * @return the key
	 */
	@Override
	public String toString() {
		return DEFAULT_SCHEME.equals(this.scheme) ? this.host + this.path : this.scheme + "://" + this.host + this.path;
	}

}
