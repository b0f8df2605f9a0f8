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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.reuseport.redis.RedisConnector;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * An {@link InvalidationTransport} on a Redis pub/sub channel, with two connections of
 * its own (a {@link RedisConnector}): one to publish, one to subscribe.
 * <p>
 * Every probe interval the link publishes a heartbeat on the channel. Redis answering the
 * publish shows that Redis is there; the heartbeat coming back through the subscription
 * shows that the subscriber is consuming, end to end. The link is up only while both
 * hold: a publish without answer within the timeout, or a heartbeat not back within three
 * probe intervals, reports it down and closes the connections concerned, and the next
 * probe opens fresh ones, so the link comes back within one probe interval of Redis
 * answering again. Each time it comes up the receiver is told to clear what may have
 * missed messages, and only then is the link reported up. A Redis that cannot be reached
 * at start-up is tried again every probe interval: the application starts, with the link
 * down.
 * <p>
 * Messages are hostile input: one over {@link #MAX_MESSAGE_BYTES} is counted as rejected
 * without being read, and the others are handed to the receiver on a thread of the link's
 * own, never on Lettuce's event loop, through a queue of at most
 * {@link #MAX_QUEUED_MESSAGES}; a message that finds it full is dropped, counted, and the
 * link resyncs as after an outage, since an invalidation may be lost.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class RedisInvalidationTransport implements InvalidationTransport {

	/**
	 * The largest message read: the publishers of this link send at most 1000
	 * invalidations of 64 KB in all in one.
	 */
	public static final int MAX_MESSAGE_BYTES = 1024 * 1024;

	/**
	 * The most messages waiting to be handed to the receiver.
	 */
	public static final int MAX_QUEUED_MESSAGES = 10_000;

	/**
	 * How many probe intervals a heartbeat may take to come back.
	 */
	private static final int HEARTBEAT_GRACE_PROBES = 3;

	private static final Log logger = LogFactory.getLog(RedisInvalidationTransport.class);

	private final RedisConnector redis;

	private final String channel;

	private final byte[] channelBytes;

	private final Duration probeInterval;

	private final Duration timeout;

	private final String heartbeatPrefix = "rp1 link-" + UUID.randomUUID() + ":";

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicBoolean overflowed = new AtomicBoolean();

	private final AtomicBoolean resubscribed = new AtomicBoolean();

	private final ThreadPoolExecutor receiving;

	private final ScheduledExecutorService probing;

	private volatile @Nullable StatefulRedisConnection<String, String> commands;

	private @Nullable StatefulRedisPubSubConnection<byte[], byte[]> subscriber;

	private @Nullable Receiver receiver;

	/**
	 * The heartbeat published by the latest probe.
	 */
	private long heartbeatSent;

	/**
	 * The first heartbeat published after the current subscriber subscribed: seeing it
	 * come back shows the subscriber consumes.
	 */
	private long firstHeartbeatOfSubscriber;

	private long heartbeatSeen;

	private final Object heartbeats = new Object();

	/**
	 * Counts the times the link went down, so that a resync still queued when it goes
	 * down again does not report it up.
	 */
	private volatile int downs;

	private volatile boolean lost = true;

	private boolean everUp;

	private volatile boolean downReported;

	private volatile boolean connected;

	private volatile boolean running;

	/**
	 * Create a new instance.
	 * @param redis the Redis to use
	 * @param channel the pub/sub channel
	 * @param probeInterval how often to check that Redis answers and the subscriber
	 * consumes
	 * @param timeout how long a publish or a probe may wait for Redis
	 */
	public RedisInvalidationTransport(RedisConnector redis, String channel, Duration probeInterval, Duration timeout) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.hasText(channel, "'channel' must not be empty");
		Assert.isTrue(probeInterval.toMillis() > 0, "'probeInterval' must be positive");
		Assert.isTrue(timeout.toMillis() > 0, "'timeout' must be positive");
		this.redis = redis;
		this.channel = channel;
		this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
		this.probeInterval = probeInterval;
		this.timeout = timeout;
		this.receiving = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(MAX_QUEUED_MESSAGES), daemonThreads("reuseport-coherence-"));
		this.probing = Executors.newSingleThreadScheduledExecutor(daemonThreads("reuseport-coherence-probe-"));
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	@Override
	public void start(Receiver receiver) {
		this.receiver = receiver;
		this.running = true;
		this.probing.scheduleWithFixedDelay(this::probe, 0, this.probeInterval.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * One probe, on the probing thread: connect what is missing, publish a heartbeat, and
	 * check that the last ones came back.
	 */
	private void probe() {
		if (!this.running) {
			return;
		}
		try {
			StatefulRedisConnection<String, String> commands = this.commands;
			if (commands == null) {
				commands = this.redis.connect(StringCodec.UTF8);
				this.commands = commands;
			}
			if (this.subscriber == null) {
				subscribe();
			}
			long heartbeat = ++this.heartbeatSent;
			commands.async()
				.publish(this.channel, this.heartbeatPrefix + heartbeat)
				.toCompletableFuture()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (this.lost) {
				awaitHeartbeat(this.firstHeartbeatOfSubscriber);
			}
			checkConsumption(heartbeat);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.debug("No answer from Redis", ex);
			down("no answer from " + this.redis.getDescription() + " within " + this.timeout.toMillis() + " ms");
			closeAll();
		}
	}

	private void subscribe() throws Exception {
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = this.redis.connectPubSub(ByteArrayCodec.INSTANCE);
		this.subscriber = subscriber;
		this.resubscribed.set(false);
		AtomicInteger confirmations = new AtomicInteger();
		subscriber.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(byte[] channel, byte[] message) {
				arrived(message);
			}

			@Override
			public void subscribed(byte[] channel, long count) {
				// Lettuce subscribes again by itself after it reconnects: messages
				// published in between were lost
				if (confirmations.incrementAndGet() > 1) {
					RedisInvalidationTransport.this.resubscribed.set(true);
				}
			}

		});
		subscriber.async()
			.subscribe(this.channelBytes)
			.toCompletableFuture()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		this.firstHeartbeatOfSubscriber = this.heartbeatSent + 1;
	}

	/**
	 * Wait, at most the timeout, for a heartbeat to come back, so that a link that
	 * reconnects is up within the probe that reconnected it.
	 * @param heartbeat the heartbeat to wait for
	 * @throws InterruptedException if interrupted while waiting
	 */
	private void awaitHeartbeat(long heartbeat) throws InterruptedException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		synchronized (this.heartbeats) {
			long left;
			while (this.heartbeatSeen < heartbeat && (left = deadline - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.timedWait(this.heartbeats, left);
			}
		}
	}

	private void checkConsumption(long heartbeat) {
		long seen;
		synchronized (this.heartbeats) {
			seen = this.heartbeatSeen;
		}
		long outstanding = heartbeat - Math.max(seen, this.firstHeartbeatOfSubscriber - 1);
		if (outstanding > HEARTBEAT_GRACE_PROBES) {
			down("the subscriber of " + this.channel + " has not consumed its last " + outstanding + " heartbeats");
			closeSubscriber();
			return;
		}
		if (seen < this.firstHeartbeatOfSubscriber) {
			return;
		}
		if (this.overflowed.getAndSet(false)) {
			down("messages were dropped, too many were waiting");
		}
		if (this.resubscribed.getAndSet(false)) {
			down("the subscription was renewed after its connection dropped");
		}
		if (this.lost) {
			comeUp();
		}
	}

	/**
	 * The link is up again: the receiver clears what may have missed messages, on the
	 * receiving thread after the messages that came before, and only then is the link
	 * reported up.
	 */
	private void comeUp() {
		this.lost = false;
		Receiver receiver = this.receiver;
		int downs = this.downs;
		try {
			this.receiving.execute(() -> {
				if (receiver != null) {
					receiver.connected();
				}
				if (downs != this.downs) {
					return;
				}
				this.connected = true;
				this.downReported = false;
				if (this.everUp) {
					this.reconnects.incrementAndGet();
					logger.info("Cache coherence link to Redis on channel '" + this.channel + "' is up again");
				}
				this.everUp = true;
				if (receiver != null) {
					receiver.up();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.lost = true;
		}
	}

	/**
	 * A message arrived, on Lettuce's event loop: only size checks and a hand-off here.
	 * @param message the message
	 */
	private void arrived(byte[] message) {
		if (message.length > MAX_MESSAGE_BYTES) {
			rejected("a message of " + message.length + " bytes, over " + MAX_MESSAGE_BYTES);
			return;
		}
		try {
			this.receiving.execute(() -> deliver(message));
		}
		catch (RejectedExecutionException ex) {
			if (this.running) {
				this.overflowed.set(true);
				this.connected = false;
				rejected("a message, " + MAX_QUEUED_MESSAGES + " were waiting");
			}
		}
	}

	private void deliver(byte[] message) {
		String text = new String(message, StandardCharsets.UTF_8);
		if (text.startsWith(this.heartbeatPrefix)) {
			try {
				long heartbeat = Long.parseLong(text, this.heartbeatPrefix.length(), text.length(), 10);
				synchronized (this.heartbeats) {
					this.heartbeatSeen = Math.max(this.heartbeatSeen, heartbeat);
					this.heartbeats.notifyAll();
				}
			}
			catch (NumberFormatException ex) {
				rejected("a heartbeat that is not one");
			}
			return;
		}
		Receiver receiver = this.receiver;
		if (receiver != null) {
			receiver.received(text);
		}
	}

	private void rejected(String what) {
		Receiver receiver = this.receiver;
		if (receiver != null) {
			receiver.rejected("Ignored " + what + " on " + this.channel);
		}
	}

	private void down(String reason) {
		this.downs++;
		this.connected = false;
		this.lost = true;
		if (!this.downReported) {
			this.downReported = true;
			logger.warn("Cache coherence link to Redis on channel '" + this.channel + "' is down: " + reason);
		}
	}

	private void closeAll() {
		StatefulRedisConnection<String, String> commands = this.commands;
		this.commands = null;
		if (commands != null) {
			commands.closeAsync();
		}
		closeSubscriber();
	}

	private void closeSubscriber() {
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = this.subscriber;
		this.subscriber = null;
		if (subscriber != null) {
			subscriber.closeAsync();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.connected = false;
		this.probing.shutdownNow();
		try {
			this.probing.awaitTermination(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.receiving.shutdownNow();
		closeAll();
		this.receiver = null;
	}

	@Override
	public Mono<Void> publish(String message) {
		return Mono.defer(() -> {
			StatefulRedisConnection<String, String> commands = this.commands;
			if (commands == null || !this.connected) {
				return Mono.error(new IllegalStateException("Not connected to Redis"));
			}
			return Mono.fromCompletionStage(commands.async().publish(this.channel, message)).timeout(this.timeout);
		}).then();
	}

	@Override
	public boolean isConnected() {
		return this.connected;
	}

	@Override
	public long getReconnects() {
		return this.reconnects.get();
	}

	@Override
	public String getChannel() {
		return this.channel;
	}

	/**
	 * Return the number of the latest heartbeat that came back through the subscription.
	 * @return the number, {@code 0} before the first
	 */
	long getHeartbeatsSeen() {
		synchronized (this.heartbeats) {
			return this.heartbeatSeen;
		}
	}

}
