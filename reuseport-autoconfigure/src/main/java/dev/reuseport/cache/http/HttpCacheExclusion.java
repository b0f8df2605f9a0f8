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

import org.springframework.util.Assert;

/**
 * Paths the HTTP response cache never stores or serves, whatever their responses say or
 * {@code reuseport.cache.http.default-time-to-live} allows: a request whose path is one
 * of them, or below one, goes straight to the application. Every bean of this type
 * counts; the auto-configuration adds one for Actuator's endpoints, so that a probe never
 * reads a stored health.
 *
 * @param pathPrefixes the paths, each starting with {@code /}
 * @author reuseport team
 * @since 0.1.0
 */
public record HttpCacheExclusion(List<String> pathPrefixes) {

	public HttpCacheExclusion {
		Assert.notNull(pathPrefixes, "'pathPrefixes' must not be null");
		for (String prefix : pathPrefixes) {
			Assert.isTrue(prefix.startsWith("/"), () -> "'pathPrefixes' must start with '/': '" + prefix + "'");
		}
		pathPrefixes = List.copyOf(pathPrefixes);
	}

	/**
	 * Return whether a path is one of these paths or below one.
	 * @param path the path
	 * @return whether it is excluded
	 */
	public boolean excludes(String path) {
		return excludes(this.pathPrefixes, path);
	}

	/**
	 * Return whether a path is one of the excluded paths or below one.
	 * @param prefixes the excluded paths
	 * @param path the request's path
	 * @return whether it is excluded
	 */
	static boolean excludes(List<String> prefixes, String path) {
		for (String prefix : prefixes) {
			if (path.startsWith(prefix) && (path.length() == prefix.length() || prefix.endsWith("/")
					|| path.charAt(prefix.length()) == '/')) {
				return true;
			}
		}
		return false;
	}

}
