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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.util.Assert;

/**
 * An {@link InvalidationTransport} on a Redis pub/sub channel, through Spring Data
 * Redis's reactive connections (Lettuce): one to publish and to send a {@code PING} every
 * probe interval, one to subscribe.
 * <p>
 * The link is up while Redis answers the probe and the channel is subscribed. When the
 * probe gets no answer, the subscribing connection is closed; when Redis answers again, a
 * new one subscribes, and once Redis confirms the subscription the receiver is told the
 * link is {@link Receiver#connected() up}, since messages may have been lost in between;
 * the same at the first connection. A drop that Lettuce repairs by itself between two
 * probes shows as a second confirmation of the same subscription and is reported the same
 * way. A Redis that cannot be reached at start-up is tried again every probe interval:
 * the application starts, with the link down.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class RedisInvalidationTransport implements InvalidationTransport {

	private static final Log logger = LogFactory.getLog(RedisInvalidationTransport.class);

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final String channel;

	private final ByteBuffer channelBytes;

	private final Duration probeInterval;

	private final Duration timeout;

	private final AtomicLong reconnects = new AtomicLong();

	private final Object monitor = new Object();

	private final AtomicReference<@Nullable ReactiveRedisConnection> connection = new AtomicReference<>();

	private @Nullable Disposable probe;

	private @Nullable Subscriber subscriber;

	private @Nullable Receiver receiver;

	private int generation;

	private boolean answering;

	private boolean lost = true;

	private boolean everUp;

	private boolean downReported;

	private volatile boolean connected;

	private volatile boolean running;

	/**
	 * Create a new instance.
	 * @param connectionFactory the connections to Redis
	 * @param channel the pub/sub channel
	 * @param probeInterval how often to check that Redis answers
	 * @param timeout how long a publish or a probe may wait for Redis
	 */
	public RedisInvalidationTransport(ReactiveRedisConnectionFactory connectionFactory, String channel,
			Duration probeInterval, Duration timeout) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		Assert.hasText(channel, "'channel' must not be empty");
		Assert.isTrue(probeInterval.toMillis() > 0, "'probeInterval' must be positive");
		Assert.isTrue(timeout.toMillis() > 0, "'timeout' must be positive");
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.channelBytes = ByteBuffer.wrap(channel.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
		this.probeInterval = probeInterval;
		this.timeout = timeout;
	}

	@Override
	public void start(Receiver receiver) {
		synchronized (this.monitor) {
			this.running = true;
			this.receiver = receiver;
			this.probe = Flux.interval(Duration.ZERO, this.probeInterval, Schedulers.parallel())
				.onBackpressureDrop()
				.concatMap((tick) -> ping(), 1)
				.subscribe(this::answered);
		}
	}

	private Mono<Boolean> ping() {
		return Mono.fromCallable(this::connection)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(ReactiveRedisConnection::ping)
			.timeout(this.timeout)
			.map((pong) -> true)
			.onErrorResume((ex) -> {
				logger.debug("No answer from Redis", ex);
				return Mono.just(false);
			});
	}

	private ReactiveRedisConnection connection() {
		ReactiveRedisConnection redis = this.connection.get();
		if (redis != null) {
			return redis;
		}
		// Connecting blocks: never while holding the monitor, which scheduler threads
		// take
		redis = this.connectionFactory.getReactiveConnection();
		if (this.connection.compareAndSet(null, redis)) {
			if (!this.running && this.connection.compareAndSet(redis, null)) {
				close(redis);
				throw new IllegalStateException("Stopped");
			}
			return redis;
		}
		close(redis);
		ReactiveRedisConnection current = this.connection.get();
		if (current == null) {
			throw new IllegalStateException("Stopped");
		}
		return current;
	}

	private void answered(boolean answered) {
		synchronized (this.monitor) {
			if (this.receiver == null) {
				return;
			}
			if (!answered) {
				down("no answer within " + this.timeout.toMillis() + " ms");
				this.answering = false;
				this.lost = true;
				closeSubscriber();
			}
			else {
				this.answering = true;
				if (this.subscriber == null) {
					this.subscriber = subscribe(++this.generation);
				}
			}
			update();
		}
	}

	private Subscriber subscribe(int generation) {
		Receiver receiver = this.receiver;
		Assert.state(receiver != null, "Not started");
		SubscriptionListener listener = new SubscriptionListener() {

			@Override
			public void onChannelSubscribed(byte[] channel, long count) {
				confirmed(generation);
			}

		};
		Subscriber subscriber = new Subscriber(generation);
		subscriber.task = Mono.fromCallable(this.connectionFactory::getReactiveConnection)
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext(subscriber::connected)
			.flatMap((redis) -> redis.pubSubCommands().createSubscription(listener))
			.flatMapMany((subscription) -> subscription.subscribe(this.channelBytes.duplicate())
				.thenMany(subscription.receive()))
			.map((message) -> StandardCharsets.UTF_8.decode(message.getMessage()).toString())
			.subscribe(receiver::received, (ex) -> failed(generation, ex));
		return subscriber;
	}

	private void confirmed(int generation) {
		synchronized (this.monitor) {
			Subscriber current = this.subscriber;
			if (current == null || current.generation != generation) {
				return;
			}
			if (current.confirmed) {
				this.lost = true;
			}
			current.confirmed = true;
			update();
		}
	}

	private void failed(int generation, Throwable ex) {
		synchronized (this.monitor) {
			Subscriber current = this.subscriber;
			if (current == null || current.generation != generation) {
				return;
			}
			down("subscribing failed: " + ex);
			this.lost = true;
			closeSubscriber();
			update();
		}
	}

	private void down(String reason) {
		if (!this.downReported) {
			this.downReported = true;
			logger.warn("Cache coherence link to Redis on channel '" + this.channel + "' is down: " + reason);
		}
	}

	private void closeSubscriber() {
		Subscriber current = this.subscriber;
		this.subscriber = null;
		if (current != null) {
			current.close();
		}
	}

	private void update() {
		Subscriber current = this.subscriber;
		boolean up = this.answering && current != null && current.confirmed;
		this.connected = up;
		Receiver receiver = this.receiver;
		if (up && this.lost && receiver != null) {
			this.lost = false;
			this.downReported = false;
			if (this.everUp) {
				this.reconnects.incrementAndGet();
				logger.info("Cache coherence link to Redis on channel '" + this.channel + "' is up again");
			}
			this.everUp = true;
			receiver.connected();
		}
	}

	@Override
	public void stop() {
		ReactiveRedisConnection redis;
		synchronized (this.monitor) {
			this.running = false;
			if (this.probe != null) {
				this.probe.dispose();
				this.probe = null;
			}
			closeSubscriber();
			this.receiver = null;
			this.connected = false;
			this.answering = false;
			this.lost = true;
			redis = this.connection.getAndSet(null);
		}
		if (redis != null) {
			close(redis);
		}
	}

	@Override
	public Mono<Void> publish(String message) {
		return Mono.defer(() -> {
			ReactiveRedisConnection redis = this.connection.get();
			if (redis == null) {
				return Mono.error(new IllegalStateException("Not connected to Redis"));
			}
			return redis.pubSubCommands()
				.publish(this.channelBytes.duplicate(), ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)))
				.timeout(this.timeout)
				.then();
		});
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

	private static void close(ReactiveRedisConnection redis) {
		redis.closeLater().subscribe(null, (ex) -> logger.debug("Closing a Redis connection failed", ex));
	}

	/**
	 * One subscribing connection and what Redis confirmed of it.
	 */
	private static final class Subscriber {

		private final int generation;

		private volatile @Nullable Disposable task;

		private volatile @Nullable ReactiveRedisConnection connection;

		private volatile boolean closed;

		private boolean confirmed;

		Subscriber(int generation) {
			this.generation = generation;
		}

		void connected(ReactiveRedisConnection redis) {
			this.connection = redis;
			if (this.closed) {
				RedisInvalidationTransport.close(redis);
			}
		}

		void close() {
			this.closed = true;
			Disposable task = this.task;
			if (task != null) {
				task.dispose();
			}
			ReactiveRedisConnection redis = this.connection;
			if (redis != null) {
				RedisInvalidationTransport.close(redis);
			}
		}

	}

}
