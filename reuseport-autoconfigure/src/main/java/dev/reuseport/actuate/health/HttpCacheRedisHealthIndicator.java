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

package dev.reuseport.actuate.health;

import dev.reuseport.cache.http.RedisTierStatistics;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the HTTP response cache's Redis tier: {@code UP} while Redis is used,
 * {@code DOWN} while its breaker skips it. Each instance keeps serving from its local
 * tier and its origin meanwhile, so this indicator belongs in neither the liveness nor
 * the readiness group.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class HttpCacheRedisHealthIndicator extends AbstractHealthIndicator {

	private final RedisTierStatistics tier;

	/**
	 * Create a new instance.
	 * @param tier the tier
	 */
	public HttpCacheRedisHealthIndicator(RedisTierStatistics tier) {
		super("reuseport HTTP cache Redis tier check failed");
		this.tier = tier;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		RedisTierStatistics tier = this.tier;
		(tier.isAvailable() ? builder.up() : builder.down()).withDetail("breaker", tier.getBreakerState())
			.withDetail("pendingInvalidations", tier.getPendingInvalidations())
			.withDetail("droppedWrites", tier.getDroppedWrites());
	}

}
