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

/**
 * Builds values of the {@code Cache-Status} response header field (RFC 9211).
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class CacheStatus {

	static final String HEADER = "Cache-Status";

	private final StringBuilder value;

	private CacheStatus(String cacheName) {
		this.value = new StringBuilder(cacheName);
	}

	static CacheStatus hit(String cacheName) {
		return new CacheStatus(cacheName).parameter("hit");
	}

	static CacheStatus forward(String cacheName, String reason) {
		return new CacheStatus(cacheName).parameter("fwd=" + reason);
	}

	CacheStatus forwardStatus(int status) {
		return parameter("fwd-status=" + status);
	}

	CacheStatus ttl(long millis) {
		return parameter("ttl=" + Math.floorDiv(millis, 1000));
	}

	CacheStatus stored() {
		return parameter("stored");
	}

	CacheStatus collapsed(boolean collapsed) {
		return collapsed ? parameter("collapsed") : this;
	}

	CacheStatus detail(String detail) {
		return parameter("detail=" + detail);
	}

	/**
	 * Add the member of the next cache towards the client (RFC 9211 section 2: the cache
	 * nearest the origin comes first).
	 * @param next the next cache's status
	 * @return this status
	 */
	CacheStatus then(CacheStatus next) {
		this.value.append(", ").append(next.value);
		return this;
	}

	private CacheStatus parameter(String parameter) {
		this.value.append("; ").append(parameter);
		return this;
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
