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
 * The meters of the link that keeps the caches of all instances coherent, each tagged
 * {@code channel}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public enum CacheCoherenceMeters implements MeterDocumentation {

	/**
	 * Whether the link is up: 1 or 0.
	 */
	CONNECTED("reuseport.cache.coherence.connected", Meter.Type.GAUGE),

	/**
	 * Invalidations of this instance that the broker took.
	 */
	PUBLISHED("reuseport.cache.coherence.published", Meter.Type.COUNTER),

	/**
	 * Invalidations of other instances made here.
	 */
	RECEIVED("reuseport.cache.coherence.received", Meter.Type.COUNTER),

	/**
	 * Times the link came back after an outage.
	 */
	RECONNECTS("reuseport.cache.coherence.reconnects", Meter.Type.COUNTER),

	/**
	 * Times the local caches were cleared because the link came back after an outage.
	 */
	RESYNCS("reuseport.cache.coherence.resyncs", Meter.Type.COUNTER),

	/**
	 * Invalidations of this instance waiting for the link.
	 */
	PENDING("reuseport.cache.coherence.pending", Meter.Type.GAUGE),

	/**
	 * Invalidations not kept while the link was down, because more than
	 * {@code reuseport.cache.redis.max-pending} were waiting.
	 */
	DROPPED("reuseport.cache.coherence.dropped", Meter.Type.COUNTER),

	/**
	 * Messages (or lines of messages) on the channel that were ignored: unreadable, too
	 * big, or dropped because too many were waiting.
	 */
	REJECTED("reuseport.cache.coherence.rejected", Meter.Type.COUNTER);

	private final String name;

	private final Meter.Type type;

	CacheCoherenceMeters(String name, Meter.Type type) {
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
	 * The tags of every meter of the link.
	 */
	public enum Tags implements KeyName {

		/**
		 * The pub/sub channel of the invalidations.
		 */
		CHANNEL {
			@Override
			public String asString() {
				return "channel";
			}
		}

	}

}
