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

package dev.reuseport.metrics;

import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.http.HttpCacheOutcome;
import dev.reuseport.cache.http.HttpResponseCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Binds the meters of the caches: Micrometer's Caffeine meters ({@code cache.gets},
 * {@code cache.puts}, {@code cache.evictions}, {@code cache.size} and others, tagged
 * {@code cache}) for the shared cache and the HTTP response cache, and
 * {@code reuseport.cache.http.requests} tagged {@code cache} and {@code outcome}
 * ({@code hit}, {@code miss}, {@code stale}, {@code revalidated}, {@code bypass}), and
 * {@code reuseport.cache.http.early.hits}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class ReusePortCacheMetrics implements MeterBinder {

	/**
	 * Requests seen by the HTTP response cache, tagged {@code outcome}.
	 */
	public static final String HTTP_REQUESTS = "reuseport.cache.http.requests";

	/**
	 * Hits served in the server's pipeline, before the application; also counted as
	 * {@code outcome=hit} in {@link #HTTP_REQUESTS}.
	 */
	public static final String HTTP_EARLY_HITS = "reuseport.cache.http.early.hits";

	private final @Nullable SharedCache sharedCache;

	private final @Nullable HttpResponseCache httpResponseCache;

	/**
	 * Create a new instance.
	 * @param sharedCache the shared cache, if any
	 * @param httpResponseCache the HTTP response cache, if any
	 */
	public ReusePortCacheMetrics(@Nullable SharedCache sharedCache, @Nullable HttpResponseCache httpResponseCache) {
		this.sharedCache = sharedCache;
		this.httpResponseCache = httpResponseCache;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.sharedCache != null) {
			CaffeineCacheMetrics.monitor(registry, this.sharedCache.getNativeCache(), this.sharedCache.getName());
		}
		HttpResponseCache http = this.httpResponseCache;
		if (http != null) {
			String name = "reuseport.http." + http.getName();
			CaffeineCacheMetrics.monitor(registry, http.getNativeCache(), name);
			for (HttpCacheOutcome outcome : HttpCacheOutcome.values()) {
				FunctionCounter.builder(HTTP_REQUESTS, http, (cache) -> cache.getCount(outcome))
					.tag("cache", name)
					.tag("outcome", outcome.tagValue())
					.description("Requests seen by the HTTP response cache")
					.register(registry);
			}
			FunctionCounter.builder(HTTP_EARLY_HITS, http, HttpResponseCache::getEarlyHits)
				.tag("cache", name)
				.description("Hits served before the application")
				.register(registry);
		}
	}

}
