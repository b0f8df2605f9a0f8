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

import java.util.Locale;

/**
 * What the {@link HttpResponseCache} did for a request, as counted by its metrics.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public enum HttpCacheOutcome {

	/**
	 * Served a fresh stored response without running the handler.
	 */
	HIT,

	/**
	 * Ran the handler because no usable response was stored; its response may have been
	 * stored.
	 */
	MISS,

	/**
	 * Served a stale stored response: within {@code stale-while-revalidate} (and
	 * refreshed it in the background), within {@code stale-if-error} when the handler
	 * failed, or within a client's {@code max-stale}.
	 */
	STALE,

	/**
	 * Validated a stored response with the handler, which answered {@code 304}, and
	 * served it.
	 */
	REVALIDATED,

	/**
	 * Did not look in the cache: a method other than {@code GET} or {@code HEAD}, a
	 * {@code Range}, {@code Upgrade} or {@code no-store} request.
	 */
	BYPASS;

	/**
	 * Return the value of the {@code outcome} tag.
	 * @return the lower-case name
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
