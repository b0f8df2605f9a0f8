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

import dev.reuseport.cache.coherence.CacheCoherence;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the {@link CacheCoherenceMeters meters} of the link that keeps the caches of all
 * instances coherent.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class CacheCoherenceMetrics implements MeterBinder {

	private final CacheCoherence cacheCoherence;

	/**
	 * Create a new instance.
	 * @param cacheCoherence the link
	 */
	public CacheCoherenceMetrics(CacheCoherence cacheCoherence) {
		this.cacheCoherence = cacheCoherence;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, CacheCoherenceMeters.CONNECTED, "Whether the cache coherence link is up",
				(link) -> link.isConnected() ? 1 : 0);
		gauge(registry, CacheCoherenceMeters.PENDING, "Cache invalidations waiting for the link",
				CacheCoherence::getPending);
		counter(registry, CacheCoherenceMeters.PUBLISHED, "Cache invalidations published to other instances",
				CacheCoherence::getPublished);
		counter(registry, CacheCoherenceMeters.RECEIVED, "Cache invalidations of other instances made here",
				CacheCoherence::getReceived);
		counter(registry, CacheCoherenceMeters.RECONNECTS, "Times the cache coherence link came back",
				CacheCoherence::getReconnects);
		counter(registry, CacheCoherenceMeters.RESYNCS, "Times the local caches were cleared after an outage",
				CacheCoherence::getResyncs);
		counter(registry, CacheCoherenceMeters.DROPPED, "Cache invalidations not kept while the link was down",
				CacheCoherence::getDropped);
		counter(registry, CacheCoherenceMeters.REJECTED, "Messages on the invalidation channel that were ignored",
				CacheCoherence::getRejected);
	}

	private void gauge(MeterRegistry registry, CacheCoherenceMeters meter, String description,
			ToDoubleFunction<CacheCoherence> value) {
		Gauge.builder(meter.getName(), this.cacheCoherence, value)
			.tag(CacheCoherenceMeters.Tags.CHANNEL.asString(), this.cacheCoherence.getChannel())
			.description(description)
			.register(registry);
	}

	private void counter(MeterRegistry registry, CacheCoherenceMeters meter, String description,
			ToDoubleFunction<CacheCoherence> count) {
		FunctionCounter.builder(meter.getName(), this.cacheCoherence, count)
			.tag(CacheCoherenceMeters.Tags.CHANNEL.asString(), this.cacheCoherence.getChannel())
			.description(description)
			.register(registry);
	}

}
