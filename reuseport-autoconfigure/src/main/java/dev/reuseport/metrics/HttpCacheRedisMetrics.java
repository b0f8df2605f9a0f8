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

import java.util.function.ToDoubleFunction;

import dev.reuseport.cache.http.RedisTierStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the meters of the HTTP response cache's Redis tier
 * ({@link HttpCacheRedisMeters}).
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class HttpCacheRedisMetrics implements MeterBinder {

	private final RedisTierStatistics tier;

	private final String cacheName;

	/**
	 * Create a new instance.
	 * @param tier the tier
	 * @param cacheName the name of the HTTP response cache
	 */
	public HttpCacheRedisMetrics(RedisTierStatistics tier, String cacheName) {
		this.tier = tier;
		this.cacheName = cacheName;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, HttpCacheRedisMeters.HITS, RedisTierStatistics::getHits);
		counter(registry, HttpCacheRedisMeters.MISSES, RedisTierStatistics::getMisses);
		counter(registry, HttpCacheRedisMeters.SKIPPED, RedisTierStatistics::getSkipped);
		counter(registry, HttpCacheRedisMeters.FILLS, RedisTierStatistics::getFills);
		counter(registry, HttpCacheRedisMeters.REFUSED_FILLS, RedisTierStatistics::getRefusedFills);
		counter(registry, HttpCacheRedisMeters.DROPPED_WRITES, RedisTierStatistics::getDroppedWrites);
		counter(registry, HttpCacheRedisMeters.COALESCED_WAITS, RedisTierStatistics::getCoalescedWaits);
		counter(registry, HttpCacheRedisMeters.LOCK_TIMEOUTS, RedisTierStatistics::getLockTimeouts);
		counter(registry, HttpCacheRedisMeters.REJECTED, RedisTierStatistics::getRejected);
		counter(registry, HttpCacheRedisMeters.BYTES_WRITTEN, RedisTierStatistics::getBytesWritten);
		counter(registry, HttpCacheRedisMeters.INVALIDATIONS, RedisTierStatistics::getInvalidations);
		Gauge
			.builder(HttpCacheRedisMeters.PENDING_INVALIDATIONS.getName(), this.tier,
					RedisTierStatistics::getPendingInvalidations)
			.tag(HttpCacheRedisMeters.Tags.CACHE.asString(), this.cacheName)
			.description("Invalidations waiting for Redis")
			.register(registry);
		Gauge
			.builder(HttpCacheRedisMeters.BREAKER_OPEN.getName(), this.tier,
					(tier) -> "closed".equals(tier.getBreakerState()) ? 0 : 1)
			.tag(HttpCacheRedisMeters.Tags.CACHE.asString(), this.cacheName)
			.description("Whether the breaker skips Redis")
			.register(registry);
	}

	private void counter(MeterRegistry registry, HttpCacheRedisMeters meter,
			ToDoubleFunction<RedisTierStatistics> count) {
		FunctionCounter.builder(meter.getName(), this.tier, count)
			.tag(HttpCacheRedisMeters.Tags.CACHE.asString(), this.cacheName)
			.baseUnit(meter.getBaseUnit())
			.register(registry);
	}

}
