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

import dev.reuseport.cache.coherence.CacheCoherence;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the link that keeps the caches of all instances coherent: {@code UP} while it
 * is connected, {@code DOWN} otherwise. The instance keeps serving from its own caches
 * while the link is down, so this indicator belongs in neither the liveness nor the
 * readiness group: restarting or unrouting instances because a broker is away would turn
 * a cache-coherence outage into an application outage.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class CacheCoherenceHealthIndicator extends AbstractHealthIndicator {

	private final CacheCoherence cacheCoherence;

	/**
	 * Create a new instance.
	 * @param cacheCoherence the link
	 */
	public CacheCoherenceHealthIndicator(CacheCoherence cacheCoherence) {
		super("reuseport cache coherence check failed");
		this.cacheCoherence = cacheCoherence;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		CacheCoherence link = this.cacheCoherence;
		(link.isConnected() ? builder.up() : builder.down()).withDetail("channel", link.getChannel())
			.withDetail("pending", link.getPending())
			.withDetail("reconnects", link.getReconnects())
			.withDetail("resyncs", link.getResyncs());
	}

}
