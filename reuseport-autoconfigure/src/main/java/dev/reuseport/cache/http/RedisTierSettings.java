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

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How the HTTP response cache's Redis tier behaves.
 *
 * @param application the application's name, which namespaces its keys
 * @param lookupTimeout how long a lookup may take before it counts as a miss
 * @param coalesceWait how long a miss waits for another instance's fill of its key
 * @param lockTimeToLive how long a fill's lock lives if its holder never releases it
 * @param maxPendingWrites how many writes (fills and invalidations) may wait; more are
 * dropped
 * @param compressAbove bodies larger than this many bytes are deflated
 * @param signingKey the key that signs and checks every entry, or {@code null}
 * @param breakerFailures how many failures in a row open the breaker
 * @param breakerOpenFor how long the open breaker skips Redis before it tries again
 * @param maxTimeToLive the longest any key lives in Redis
 * @author reuseport team
 * @since 0.1.0
 */
public record RedisTierSettings(String application, Duration lookupTimeout, Duration coalesceWait,
		Duration lockTimeToLive, int maxPendingWrites, int compressAbove, byte @Nullable [] signingKey,
		int breakerFailures, Duration breakerOpenFor, Duration maxTimeToLive) {

	public RedisTierSettings {
		Assert.hasText(application, "'application' must not be empty");
		Assert.isTrue(lookupTimeout.toMillis() > 0, "'lookupTimeout' must be positive");
		Assert.isTrue(!coalesceWait.isNegative(), "'coalesceWait' must not be negative");
		Assert.isTrue(lockTimeToLive.toMillis() > 0, "'lockTimeToLive' must be positive");
		Assert.isTrue(maxPendingWrites > 0, "'maxPendingWrites' must be positive");
		Assert.isTrue(compressAbove >= 0, "'compressAbove' must not be negative");
		Assert.isTrue(breakerFailures > 0, "'breakerFailures' must be positive");
		Assert.isTrue(breakerOpenFor.toMillis() > 0, "'breakerOpenFor' must be positive");
		Assert.isTrue(maxTimeToLive.toMillis() > 0, "'maxTimeToLive' must be positive");
	}

}
