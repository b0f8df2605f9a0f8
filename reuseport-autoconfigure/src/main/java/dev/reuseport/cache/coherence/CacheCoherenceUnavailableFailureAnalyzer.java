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

package dev.reuseport.cache.coherence;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} for {@link CacheCoherenceUnavailableException}.
 *
 * @author reuseport team
 */
class CacheCoherenceUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<CacheCoherenceUnavailableException> {

	static final String DESCRIPTION = "'reuseport.cache.redis.enabled' is true, so every cache invalidation is to be published through Redis pub/sub, but %s.";

	static final String ACTION_NO_SPRING_DATA_REDIS = "Add the dependency org.springframework.boot:spring-boot-starter-data-redis-reactive (Spring Data Redis with Lettuce) and set 'spring.data.redis.*' to reach your Redis, or set 'reuseport.cache.redis.url', or set 'reuseport.cache.redis.enabled' to false.";

	static final String ACTION_NO_CONNECTION_FACTORY = "Use Lettuce: depend on org.springframework.boot:spring-boot-starter-data-redis-reactive instead of a Jedis-only setup, and do not exclude DataRedisAutoConfiguration; or set 'reuseport.cache.redis.url' to the Redis to use, or set 'reuseport.cache.redis.enabled' to false.";

	static final String ACTION_CLUSTER = "Set 'reuseport.cache.redis.url' to a standalone Redis (or one managed by Sentinel) for the caches, or set 'reuseport.cache.redis.enabled' to false.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CacheCoherenceUnavailableException cause) {
		String action = switch (cause.getReason()) {
			case NO_SPRING_DATA_REDIS, NO_LETTUCE -> ACTION_NO_SPRING_DATA_REDIS;
			case NO_LETTUCE_CONNECTION_FACTORY -> ACTION_NO_CONNECTION_FACTORY;
			case CLUSTER -> ACTION_CLUSTER;
		};
		return new FailureAnalysis(DESCRIPTION.formatted(cause.getReason().getDescription()), action, cause);
	}

}
