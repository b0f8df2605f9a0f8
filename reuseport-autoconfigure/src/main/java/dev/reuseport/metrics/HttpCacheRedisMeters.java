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

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * The meters of the HTTP response cache's Redis tier, each tagged {@code cache}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public enum HttpCacheRedisMeters implements MeterDocumentation {

	/**
	 * Lookups that found a response in Redis.
	 */
	HITS("reuseport.cache.http.redis.hits", Meter.Type.COUNTER),

	/**
	 * Lookups that found nothing usable in Redis.
	 */
	MISSES("reuseport.cache.http.redis.misses", Meter.Type.COUNTER),

	/**
	 * Lookups that skipped Redis: breaker open, failed, or over the lookup timeout.
	 */
	SKIPPED("reuseport.cache.http.redis.skipped", Meter.Type.COUNTER),

	/**
	 * Responses written to Redis.
	 */
	FILLS("reuseport.cache.http.redis.fills", Meter.Type.COUNTER),

	/**
	 * Fills refused because an invalidation of their key or tags came after they started.
	 */
	REFUSED_FILLS("reuseport.cache.http.redis.fills.refused", Meter.Type.COUNTER),

	/**
	 * Writes dropped because too many were waiting.
	 */
	DROPPED_WRITES("reuseport.cache.http.redis.writes.dropped", Meter.Type.COUNTER),

	/**
	 * Misses that waited for another instance's fill and got it.
	 */
	COALESCED_WAITS("reuseport.cache.http.redis.coalesced", Meter.Type.COUNTER),

	/**
	 * Misses that waited for another instance's fill and went to the origin.
	 */
	LOCK_TIMEOUTS("reuseport.cache.http.redis.lock.timeouts", Meter.Type.COUNTER),

	/**
	 * Entries read from Redis and ignored (another version, key or signature).
	 */
	REJECTED("reuseport.cache.http.redis.rejected", Meter.Type.COUNTER),

	/**
	 * Bytes of the entries written to Redis.
	 */
	BYTES_WRITTEN("reuseport.cache.http.redis.written", Meter.Type.COUNTER) {
		@Override
		public String getBaseUnit() {
			return "bytes";
		}
	},

	/**
	 * Invalidations written to Redis.
	 */
	INVALIDATIONS("reuseport.cache.http.redis.invalidations", Meter.Type.COUNTER),

	/**
	 * Invalidations waiting for Redis.
	 */
	PENDING_INVALIDATIONS("reuseport.cache.http.redis.invalidations.pending", Meter.Type.GAUGE),

	/**
	 * Whether the breaker skips Redis: 1 when open or half-open, 0 when closed.
	 */
	BREAKER_OPEN("reuseport.cache.http.redis.breaker.open", Meter.Type.GAUGE);

	private final String name;

	private final Meter.Type type;

	HttpCacheRedisMeters(String name, Meter.Type type) {
		this.name = name;
		this.type = type;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Meter.Type getType() {
		return this.type;
	}

	@Override
	public KeyName[] getKeyNames() {
		return Tags.values();
	}

	/**
	 * The tags of every meter of the tier.
	 */
	public enum Tags implements KeyName {

		/**
		 * The name of the HTTP response cache.
		 */
		CACHE {
			@Override
			public String asString() {
				return "cache";
			}
		}

	}

}
