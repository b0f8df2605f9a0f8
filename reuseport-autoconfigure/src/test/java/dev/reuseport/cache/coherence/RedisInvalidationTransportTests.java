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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.redis.RedisConnector;
import dev.reuseport.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisInvalidationTransport} against a real Redis: the link is up only
 * while Redis answers and the subscriber consumes, comes back at the next probe, hands
 * messages over off Lettuce's threads, and treats every message as hostile input.
 *
 * @author reuseport team
 */
class RedisInvalidationTransportTests {

	private static final Duration PROBE = Duration.ofMillis(100);

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final String channel = "test:" + UUID.randomUUID();

	private final RecordingReceiver receiver = new RecordingReceiver();

	private RedisConnector connector;

	private RedisInvalidationTransport transport;

	private RedisClient publisherClient;

	private StatefulRedisConnection<byte[], byte[]> publisher;

	@BeforeEach
	void start() {
		this.connector = RedisConnector.forUrl("redis://127.0.0.1:" + redis.getPort(), TIMEOUT);
		this.transport = new RedisInvalidationTransport(this.connector, this.channel, PROBE, TIMEOUT);
		this.receiver.transport = this.transport;
		this.publisherClient = RedisClient.create("redis://127.0.0.1:" + redis.getPort());
		this.publisher = this.publisherClient.connect(ByteArrayCodec.INSTANCE);
		this.transport.start(this.receiver);
		awaitUp();
	}

	@AfterEach
	void stop() {
		this.receiver.release();
		this.transport.stop();
		this.connector.destroy();
		this.publisher.close();
		this.publisherClient.shutdown();
		redis.start();
	}

	private void awaitUp() {
		await().atMost(WAIT).until(this.transport::isConnected);
	}

	private void publish(String message) {
		publish(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private void publish(byte[] message) {
		this.publisher.sync().publish(this.channel.getBytes(java.nio.charset.StandardCharsets.UTF_8), message);
	}

	@Test
	void linkIsReportedUpOnlyAfterTheReceiverCleared() {
		assertThat(this.receiver.connectedWhileReportedUp).isEmpty();
		assertThat(this.receiver.connections).hasValue(1);
		assertThat(this.receiver.ups).hasValue(1);
	}

	@Test
	void messagesAreHandedOverOffLettucesThreads() {
		publish("rp1 other\nhttp-all");
		await().atMost(WAIT).until(() -> !this.receiver.messages.isEmpty());
		assertThat(this.receiver.messages).containsExactly("rp1 other\nhttp-all");
		assertThat(this.receiver.threads).allMatch((thread) -> thread.startsWith("reuseport-coherence-"));
	}

	@Test
	void heartbeatsAreNotHandedOver() {
		// the link is up only once a heartbeat came back through the subscription, and a
		// subscription delivers in order: every heartbeat before the marker was consumed
		awaitUp();
		await().atMost(WAIT).until(() -> this.transport.getHeartbeatsSeen() >= 3);
		publish("rp1 other\nhttp-all");
		await().atMost(WAIT).until(() -> !this.receiver.messages.isEmpty());
		assertThat(this.receiver.messages).containsExactly("rp1 other\nhttp-all");
	}

	@Test
	void receiverThatStopsConsumingReportsTheLinkDownAndItRecovers() {
		publish("block");
		await().atMost(WAIT).until(() -> !this.transport.isConnected());
		assertThat(this.receiver.connections).hasValue(1);
		this.receiver.release();
		awaitUp();
		assertThat(this.receiver.connections).as("cleared again: messages may have been lost").hasValue(2);
		assertThat(this.transport.getReconnects()).isEqualTo(1);
	}

	@Test
	void messagesBeyondTheQueueAreDroppedAndTheLinkResyncs() {
		// probes far enough apart for the flood to arrive before the blocked receiver is
		// noticed
		this.transport.stop();
		this.transport = new RedisInvalidationTransport(this.connector, this.channel, Duration.ofSeconds(2), TIMEOUT);
		this.receiver.transport = this.transport;
		this.transport.start(this.receiver);
		awaitUp();
		publish("block");
		for (int i = 0; i <= RedisInvalidationTransport.MAX_QUEUED_MESSAGES + 10; i++) {
			this.publisher.async().publish(this.channel.getBytes(), ("rp1 other\nhttp-tag t" + i).getBytes());
		}

		await().atMost(WAIT).until(() -> !this.receiver.rejections.isEmpty());
		assertThat(this.transport.isConnected()).isFalse();
		this.receiver.release();
		awaitUp();
		assertThat(this.receiver.connections).hasValue(3);
		assertThat(this.receiver.rejections).allMatch((reason) -> reason.contains("were waiting"));
	}

	@Test
	void messageOverTheLimitIsRejectedUnread() {
		publish(new byte[RedisInvalidationTransport.MAX_MESSAGE_BYTES + 1]);
		publish("rp1 other\nhttp-all");
		await().atMost(WAIT).until(() -> !this.receiver.messages.isEmpty());
		assertThat(this.receiver.rejections).singleElement()
			.asString()
			.contains("over " + RedisInvalidationTransport.MAX_MESSAGE_BYTES);
		assertThat(this.receiver.messages).containsExactly("rp1 other\nhttp-all");
		assertThat(this.transport.isConnected()).isTrue();
	}

	@Test
	void subscriptionRenewedBehindTheLinksBackIsAResync() {
		io.lettuce.core.api.StatefulRedisConnection<String, String> admin = this.publisherClient.connect();
		try {
			admin.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
		}
		finally {
			admin.close();
		}
		await().atMost(WAIT).until(() -> this.receiver.connections.get() == 2);
		awaitUp();
		assertThat(this.transport.getReconnects()).isEqualTo(1);
	}

	@Test
	void linkComesBackAtTheFirstProbeAfterRedisAnswersAgain() throws InterruptedException {
		redis.stop();
		await().atMost(WAIT).until(() -> !this.transport.isConnected());
		// longer than Lettuce's first reconnect delays (1, 2, 4, 8 s), which the link
		// does not wait for: it opens fresh connections at each probe
		Thread.sleep(10_000);
		redis.start();
		long started = System.nanoTime();
		awaitUp();
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		assertThat(millis).as("up %d ms after Redis answered", millis)
			.isLessThan(PROBE.plus(TIMEOUT).toMillis() + 1000);
		assertThat(this.receiver.connections).hasValue(2);
	}

	@Test
	void publishWhileDownFailsAtOnce() {
		redis.stop();
		await().atMost(WAIT).until(() -> !this.transport.isConnected());
		long started = System.nanoTime();
		assertThat(this.transport.publish("rp1 me\nhttp-all")
			.onErrorResume((ex) -> reactor.core.publisher.Mono.empty())
			.blockOptional(WAIT)).isEmpty();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(TIMEOUT.toMillis() + 500);
	}

	static final class RecordingReceiver implements InvalidationTransport.Receiver {

		final List<String> messages = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		final List<String> rejections = new CopyOnWriteArrayList<>();

		final List<Boolean> connectedWhileReportedUp = new CopyOnWriteArrayList<>();

		final AtomicInteger connections = new AtomicInteger();

		final AtomicInteger ups = new AtomicInteger();

		final CountDownLatch blocked = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		volatile RedisInvalidationTransport transport;

		void release() {
			this.released.countDown();
		}

		@Override
		public void received(String message) {
			if ("block".equals(message)) {
				this.blocked.countDown();
				try {
					this.released.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return;
			}
			this.messages.add(message);
			this.threads.add(Thread.currentThread().getName());
		}

		@Override
		public void connected() {
			if (this.transport.isConnected()) {
				this.connectedWhileReportedUp.add(true);
			}
			this.connections.incrementAndGet();
		}

		@Override
		public void up() {
			this.ups.incrementAndGet();
		}

		@Override
		public void rejected(String reason) {
			this.rejections.add(reason);
		}

	}

}
