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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.CacheInvalidationListener;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.http.HttpResponseCache;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Keeps this instance's caches coherent with the other instances of the application:
 * publishes every invalidation made here ({@link CacheInvalidationListener}) on an
 * {@link InvalidationTransport}, and makes every invalidation that another instance
 * published. Messages of this instance come back on the channel and are ignored.
 * <p>
 * The broker is not in the request path: publishing never waits. Invalidations made while
 * a message is on its way, or within the publish interval of the previous one, go
 * together in the next message, so that a burst of invalidations costs a few publishes.
 * While the link is down invalidations are kept (at most {@code maxPending}; past that,
 * one invalidation of everything stands for them) and published when it comes back.
 * Messages published by others while this instance was cut off are lost, so each time the
 * link comes up this instance clears both caches: nothing stored before or during an
 * outage, or before the first connection, is served after it ({@link #getResyncs()
 * resync}).
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

	private static final int MAX_BATCH_LINES = 1000;

	private static final int MAX_BATCH_CHARACTERS = 64 * 1024;

	private static final long REJECTION_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final String origin = UUID.randomUUID().toString();

	private final @Nullable SharedCache sharedCache;

	private final @Nullable HttpResponseCache httpResponseCache;

	private final InvalidationTransport transport;

	private final int maxPending;

	private final Queue<String> outbox = new ConcurrentLinkedQueue<>();

	private final AtomicInteger outboxSize = new AtomicInteger();

	private final AtomicBoolean overflowed = new AtomicBoolean();

	private final AtomicBoolean sending = new AtomicBoolean();

	private final LongAdder published = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final AtomicLong nextRejectionWarning = new AtomicLong(System.nanoTime());

	private final LongAdder resyncs = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final long publishIntervalNanos;

	private volatile long lastPublish;

	private volatile boolean running;

	/**
	 * Create a new instance, listening to the invalidations of the given caches.
	 * @param sharedCache the shared cache, if any
	 * @param httpResponseCache the HTTP response cache, if any
	 * @param transport the link to the other instances
	 * @param maxPending how many invalidations to keep while the link is down
	 * @param publishInterval the shortest time between two messages of this instance
	 */
	public CacheCoherence(@Nullable SharedCache sharedCache, @Nullable HttpResponseCache httpResponseCache,
			InvalidationTransport transport, int maxPending, Duration publishInterval) {
		Assert.notNull(transport, "'transport' must not be null");
		Assert.isTrue(maxPending > 0, "'maxPending' must be positive");
		Assert.isTrue(!publishInterval.isNegative(), "'publishInterval' must not be negative");
		this.publishIntervalNanos = publishInterval.toNanos();
		this.lastPublish = System.nanoTime() - this.publishIntervalNanos;
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
		keep(InvalidationMessage.line(invalidation));
		drain();
	}

	/**
	 * Make the invalidations of a message of another instance. A message is hostile
	 * input: one that cannot be read, or a line of it, is counted and skipped, whatever
	 * it throws short of an error of the JVM, and the next message is read as usual.
	 * @param message the message
	 */
	@Override
	public void received(String message) {
		if (InvalidationMessage.isFrom(message, this.origin)) {
			return;
		}
		InvalidationMessage read;
		try {
			read = InvalidationMessage.read(message);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			rejected(ex.toString());
			return;
		}
		for (String line : read.lines()) {
			CacheInvalidation invalidation;
			try {
				invalidation = InvalidationMessage.invalidation(line);
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				rejected(ex.toString());
				continue;
			}
			this.received.increment();
			apply(invalidation);
		}
	}

	@Override
	public void connected() {
		resync();
	}

	@Override
	public void up() {
		drain();
	}

	@Override
	public void rejected(String reason) {
		this.rejected.increment();
		logger.debug("Ignored a message on " + this.transport.getChannel() + ": " + reason);
		long now = System.nanoTime();
		long due = this.nextRejectionWarning.get();
		if (now - due >= 0 && this.nextRejectionWarning.compareAndSet(due, now + REJECTION_WARNING_INTERVAL_NANOS)) {
			logger.warn("Ignored unreadable messages on " + this.transport.getChannel() + " (" + this.rejected.sum()
					+ " so far; the last: " + abbreviated(reason) + "): something other than this application's "
					+ "instances publishes on the channel");
		}
	}

	private static String abbreviated(String reason) {
		return (reason.length() > 120) ? reason.substring(0, 120) + "..." : reason;
	}

	private void apply(CacheInvalidation invalidation) {
		if (this.sharedCache != null) {
			this.sharedCache.apply(invalidation);
		}
		if (this.httpResponseCache != null) {
			this.httpResponseCache.apply(invalidation);
		}
	}

	/**
	 * Clear what may have missed invalidations: everything stored before the link came
	 * up. Nothing to clear, as at a start-up that connects before serving, is no resync.
	 */
	private void resync() {
		long stored = 0;
		if (this.sharedCache != null) {
			stored += this.sharedCache.getEntries();
			this.sharedCache.apply(new CacheInvalidation.SharedAll());
		}
		if (this.httpResponseCache != null) {
			stored += this.httpResponseCache.getEntries();
			this.httpResponseCache.apply(new CacheInvalidation.HttpAll());
		}
		if (stored > 0) {
			this.resyncs.increment();
			logger.info("Cache coherence link on " + this.transport.getChannel() + " is up; cleared the local caches"
					+ " (about " + stored + " entries), which may have missed invalidations while it was down");
		}
	}

	/**
	 * Publish what waits, as one message, unless the link is down or a message is on its
	 * way: invalidations made meanwhile, and within the publish interval of the previous
	 * message, go together in the next one, so that a burst costs a few publishes rather
	 * than one each.
	 */
	private void drain() {
		if (!this.transport.isConnected() || !this.sending.compareAndSet(false, true)) {
			return;
		}
		long wait = this.lastPublish + this.publishIntervalNanos - System.nanoTime();
		if (wait > 0) {
			Schedulers.parallel().schedule(this::publish, wait, TimeUnit.NANOSECONDS);
		}
		else {
			publish();
		}
	}

	private void publish() {
		List<String> batch = this.transport.isConnected() ? take() : List.of();
		if (batch.isEmpty()) {
			this.sending.set(false);
			if (!this.outbox.isEmpty() && this.transport.isConnected()) {
				drain();
			}
			return;
		}
		this.lastPublish = System.nanoTime();
		this.transport.publish(new InvalidationMessage(this.origin, batch).write())
			.retryWhen(Retry.backoff(PUBLISH_ATTEMPTS - 1, Duration.ofMillis(50)))
			.subscribe(null, (ex) -> {
				batch.forEach(this::keep);
				this.sending.set(false);
			}, () -> {
				this.published.add(batch.size());
				this.sending.set(false);
				drain();
			});
	}

	private List<String> take() {
		if (this.overflowed.getAndSet(false)) {
			this.outbox.clear();
			this.outboxSize.set(0);
			List<String> everything = new ArrayList<>(2);
			if (this.sharedCache != null) {
				everything.add(InvalidationMessage.line(new CacheInvalidation.SharedAll()));
			}
			if (this.httpResponseCache != null) {
				everything.add(InvalidationMessage.line(new CacheInvalidation.HttpAll()));
			}
			return everything;
		}
		Set<String> lines = new LinkedHashSet<>();
		int characters = 0;
		String line;
		while (lines.size() < MAX_BATCH_LINES && characters < MAX_BATCH_CHARACTERS
				&& (line = this.outbox.poll()) != null) {
			this.outboxSize.decrementAndGet();
			if (lines.add(line)) {
				characters += line.length() + 1;
			}
		}
		return new ArrayList<>(lines);
	}

	private void keep(String line) {
		if (this.outboxSize.incrementAndGet() > this.maxPending) {
			this.outboxSize.decrementAndGet();
			if (!this.overflowed.getAndSet(true)) {
				logger.warn("More than " + this.maxPending + " cache invalidations waiting for the link on "
						+ this.transport.getChannel() + "; everything will be invalidated when it is back");
			}
			this.dropped.increment();
			return;
		}
		this.outbox.add(line);
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
	 * Return how many messages (or lines of messages) on the channel were ignored: they
	 * could not be read, were too big, or were dropped because too many were waiting.
	 * @return the count
	 */
	public long getRejected() {
		return this.rejected.sum();
	}

	/**
	 * Return how often the local caches were cleared because the link came up with
	 * entries stored while it was down (or not yet up).
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
		return this.outboxSize.get();
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
