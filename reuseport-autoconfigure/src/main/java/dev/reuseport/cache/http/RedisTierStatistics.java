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
 * What the Redis tier of the HTTP response cache did, for the endpoint, meters and
 * health; free of Redis client types, so that readers need no Redis client on the class
 * path.
 *
 * @author reuseport team
 * @since 0.1.0
 * @see RedisResponseTier
 */
public interface RedisTierStatistics {

	/**
	 * Return whether Redis is used now: connected, and the breaker closed.
	 * @return whether the tier is available
	 */
	boolean isAvailable();

	/**
	 * Return the breaker's state: {@code closed}, {@code open} or {@code half_open}.
	 * @return the state
	 */
	String getBreakerState();

	/**
	 * Return the lookups that found a response in Redis.
	 * @return the count
	 */
	long getHits();

	/**
	 * Return the lookups that found nothing usable in Redis.
	 * @return the count
	 */
	long getMisses();

	/**
	 * Return the lookups that skipped Redis: breaker open, not connected, failed or over
	 * the lookup timeout.
	 * @return the count
	 */
	long getSkipped();

	/**
	 * Return the responses written to Redis.
	 * @return the count
	 */
	long getFills();

	/**
	 * Return the fills Redis refused because an invalidation of their key or tags came
	 * after they started.
	 * @return the count
	 */
	long getRefusedFills();

	/**
	 * Return the writes dropped because too many were waiting.
	 * @return the count
	 */
	long getDroppedWrites();

	/**
	 * Return the misses that waited for another instance's fill and got it.
	 * @return the count
	 */
	long getCoalescedWaits();

	/**
	 * Return the misses that waited for another instance's fill and went to the origin
	 * when the wait ended.
	 * @return the count
	 */
	long getLockTimeouts();

	/**
	 * Return the entries read from Redis and ignored: not an envelope of this version,
	 * key or signature.
	 * @return the count
	 */
	long getRejected();

	/**
	 * Return the bytes of the entries written to Redis.
	 * @return the count
	 */
	long getBytesWritten();

	/**
	 * Return the invalidations written to Redis.
	 * @return the count
	 */
	long getInvalidations();

	/**
	 * Return the invalidations waiting for Redis.
	 * @return the count
	 */
	int getPendingInvalidations();

}
