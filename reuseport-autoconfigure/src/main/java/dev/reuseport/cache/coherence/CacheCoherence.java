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

import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.util.retry.Retry;

import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.CacheInvalidationListener;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.http.HttpResponseCache;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Keeps this instance's caches coherent with the other instances of the application:
 * publishes every invalidation made here ({@link CacheInvalidationListener}) on an
 * {@link InvalidationTransport}, and makes every invalidation that another instance
 * published. Messages of this instance come back on the channel and are ignored.
 * <p>
 * The broker is not in the request path: publishing never waits, and while the link is
 * down invalidations are kept (at most {@code maxPending}; past that, one invalidation of
 * everything stands for them) and published when it comes back. Messages published by
 * others while this instance was cut off are lost, so when the link comes back this
 * instance clears both caches: nothing stored before or during the outage is served after
 * it ({@link #getResyncs() resync}).
 * <p>
 * Starts before the web server and stops after it, so that invalidations made while
 * requests drain are still published.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class CacheCoherence implements CacheInvalidationListener, InvalidationTransport.Receiver, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CacheCoherence.class);

	private static final int PUBLISH_ATTEMPTS = 3;

	private final String origin = UUID.randomUUID().toString();

	private final @Nullable SharedCache sharedCache;

	private final @Nullable HttpResponseCache httpResponseCache;

	private final InvalidationTransport transport;

	private final int maxPending;

	private final Queue<String> pending = new ConcurrentLinkedQueue<>();

	private final AtomicInteger pendingCount = new AtomicInteger();

	private final AtomicBoolean overflowed = new AtomicBoolean();

	private final LongAdder published = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder resyncs = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private volatile boolean running;

	/**
	 * Create a new instance, listening to the invalidations of the given caches.
	 * @param sharedCache the shared cache, if any
	 * @param httpResponseCache the HTTP response cache, if any
	 * @param transport the link to the other instances
	 * @param maxPending how many invalidations to keep while the link is down
	 */
	public CacheCoherence(@Nullable SharedCache sharedCache, @Nullable HttpResponseCache httpResponseCache,
			InvalidationTransport transport, int maxPending) {
		Assert.notNull(transport, "'transport' must not be null");
		Assert.isTrue(maxPending > 0, "'maxPending' must be positive");
		this.sharedCache = sharedCache;
		this.httpResponseCache = httpResponseCache;
		this.transport = transport;
		this.maxPending = maxPending;
		if (sharedCache != null) {
			sharedCache.addInvalidationListener(this);
		}
		if (httpResponseCache != null) {
			httpResponseCache.addInvalidationListener(this);
		}
	}

	@Override
	public void invalidated(CacheInvalidation invalidation) {
		String message = new InvalidationMessage(this.origin, invalidation).write();
		if (this.transport.isConnected()) {
			flush();
			send(message);
		}
		else {
			keep(message);
		}
	}

	@Override
	public void received(String message) {
		InvalidationMessage read;
		try {
			read = InvalidationMessage.read(message);
		}
		catch (IllegalArgumentException ex) {
			this.rejected.increment();
			logger.debug("Ignored a message on " + this.transport.getChannel() + ": " + ex.getMessage());
			return;
		}
		if (this.origin.equals(read.origin())) {
			return;
		}
		this.received.increment();
		apply(read.invalidation());
	}

	@Override
	public void restored() {
		resync();
		flush();
	}

	private void apply(CacheInvalidation invalidation) {
		if (this.sharedCache != null) {
			this.sharedCache.apply(invalidation);
		}
		if (this.httpResponseCache != null) {
			this.httpResponseCache.apply(invalidation);
		}
	}

	private void resync() {
		long cleared = 0;
		if (this.sharedCache != null) {
			cleared += this.sharedCache.getEntries();
			this.sharedCache.apply(new CacheInvalidation.SharedAll());
		}
		if (this.httpResponseCache != null) {
			cleared += this.httpResponseCache.getEntries();
			this.httpResponseCache.apply(new CacheInvalidation.HttpAll());
		}
		this.resyncs.increment();
		logger.info(
				"Cache coherence link on " + this.transport.getChannel() + " is back; cleared the local caches (about "
						+ cleared + " entries), which may have missed invalidations during the outage");
	}

	private void flush() {
		if (this.overflowed.getAndSet(false)) {
			this.pending.clear();
			this.pendingCount.set(0);
			if (this.sharedCache != null) {
				send(new InvalidationMessage(this.origin, new CacheInvalidation.SharedAll()).write());
			}
			if (this.httpResponseCache != null) {
				send(new InvalidationMessage(this.origin, new CacheInvalidation.HttpAll()).write());
			}
			return;
		}
		String message;
		while ((message = this.pending.poll()) != null) {
			this.pendingCount.decrementAndGet();
			send(message);
		}
	}

	private void send(String message) {
		this.transport.publish(message)
			.retryWhen(Retry.backoff(PUBLISH_ATTEMPTS - 1, Duration.ofMillis(50)))
			.subscribe(null, (ex) -> keep(message), this.published::increment);
	}

	private void keep(String message) {
		if (this.pendingCount.incrementAndGet() > this.maxPending) {
			this.pendingCount.decrementAndGet();
			if (!this.overflowed.getAndSet(true)) {
				logger.warn("More than " + this.maxPending + " cache invalidations waiting for the link on "
						+ this.transport.getChannel() + "; everything will be invalidated when it is back");
			}
			this.dropped.increment();
			return;
		}
		this.pending.add(message);
	}

	@Override
	public void start() {
		this.transport.start(this);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.transport.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/**
	 * Return whether the link to the other instances is up.
	 * @return whether the link is up
	 */
	public boolean isConnected() {
		return this.transport.isConnected();
	}

	/**
	 * Return the channel the invalidations are published on.
	 * @return the channel
	 */
	public String getChannel() {
		return this.transport.getChannel();
	}

	/**
	 * Return how many invalidations of this instance the broker took.
	 * @return the count
	 */
	public long getPublished() {
		return this.published.sum();
	}

	/**
	 * Return how many invalidations of other instances were made here.
	 * @return the count
	 */
	public long getReceived() {
		return this.received.sum();
	}

	/**
	 * Return how many messages on the channel could not be read.
	 * @return the count
	 */
	public long getRejected() {
		return this.rejected.sum();
	}

	/**
	 * Return how often the local caches were cleared because the link came back after an
	 * outage.
	 * @return the count
	 */
	public long getResyncs() {
		return this.resyncs.sum();
	}

	/**
	 * Return how often the link came back after an outage.
	 * @return the count
	 */
	public long getReconnects() {
		return this.transport.getReconnects();
	}

	/**
	 * Return how many invalidations wait for the link.
	 * @return the count
	 */
	public int getPending() {
		return this.pendingCount.get();
	}

	/**
	 * Return how many invalidations were not kept while the link was down because more
	 * than the maximum were waiting; an invalidation of everything stood for them.
	 * @return the count
	 */
	public long getDropped() {
		return this.dropped.sum();
	}

}
