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
import java.util.Random;
import java.util.UUID;

import dev.reuseport.cache.coherence.CoherentInstance.Reply;
import dev.reuseport.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that anyone who can publish on the invalidation channel cannot break coherence,
 * the event loops or the link: the messages of the report (a key nested 8,000 times, the
 * same at 800 KB, a scope length beyond an int), an oversized message, invalid UTF-8 and
 * seeded random messages go straight to a real Redis, and afterwards both instances are
 * still linked, count what they rejected, serve requests, and a {@code POST} on one still
 * invalidates the other.
 *
 * @author reuseport team
 */
@ExtendWith(OutputCaptureExtension.class)
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class CacheCoherenceHostileChannelTests {

	private static final Duration PROPAGATION = Duration.ofSeconds(10);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final String application = "hostile-" + UUID.randomUUID();

	private CoherentInstance a;

	private CoherentInstance b;

	private RedisClient attackerClient;

	private StatefulRedisConnection<byte[], byte[]> attacker;

	@BeforeEach
	void start() {
		this.a = CoherentInstance.start(redis, this.application);
		this.b = CoherentInstance.start(redis, this.application);
		await().atMost(PROPAGATION).until(() -> this.a.coherence().isConnected() && this.b.coherence().isConnected());
		this.attackerClient = RedisClient.create("redis://127.0.0.1:" + redis.getPort());
		this.attacker = this.attackerClient.connect(ByteArrayCodec.INSTANCE);
	}

	@AfterEach
	void stop() {
		this.attacker.close();
		this.attackerClient.shutdown();
		this.a.close();
		this.b.close();
	}

	private void publish(String message) {
		publish(message.getBytes(StandardCharsets.UTF_8));
	}

	private void publish(byte[] message) {
		this.attacker.sync().publish(this.b.coherence().getChannel().getBytes(StandardCharsets.UTF_8), message);
	}

	@Test
	void hostileMessagesAreCountedAndCoherenceKeepsWorking(CapturedOutput output) {
		publish("rp1 x\nshared-key " + "k1:a".repeat(8000) + "sX");
		publish("rp1 x\nshared-key " + "k1:a".repeat(200_000) + "sX");
		publish("rp1 x\nshared-key k2147483647:x");
		publish(new byte[RedisInvalidationTransport.MAX_MESSAGE_BYTES + 1]);
		publish(new byte[] { 'r', 'p', '1', ' ', (byte) 0xff, (byte) 0xfe, '\n', (byte) 0xc3 });
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		System.out.println("CacheCoherenceHostileChannelTests seed: " + seed);
		Random random = new Random(seed);
		for (int i = 0; i < 2000; i++) {
			byte[] message = new byte[random.nextInt(200)];
			random.nextBytes(message);
			if (random.nextBoolean()) {
				System.arraycopy("rp1 x\n".getBytes(StandardCharsets.US_ASCII), 0, message, 0,
						Math.min(6, message.length));
			}
			publish(message);
		}
		await().atMost(PROPAGATION).until(() -> this.b.coherence().getRejected() >= 5);
		assertThat(this.b.coherence().isConnected()).isTrue();
		assertThat(this.b.get("/actuator/reuseportcache").body()).containsPattern("\"rejected\":[1-9]");
		assertThat(this.b.context()
			.getBean(MeterRegistry.class)
			.get("reuseport.cache.coherence.rejected")
			.functionCounter()
			.count()).isGreaterThanOrEqualTo(5);
		assertThat(this.b.get("/actuator/health/reuseportCacheCoherence").status()).isEqualTo(200);
		String path = "/echo?cc=max-age=60&t=" + UUID.randomUUID();
		this.b.get(path);
		assertThat(this.b.get(path).hit()).isTrue();
		Reply post = this.a.post(path);
		assertThat(post.status()).isEqualTo(204);
		await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).until(() -> !this.b.get(path).hit());
		assertThat(this.b.get("/actuator/health").body()).doesNotContain("stalled");
		assertThat(output).doesNotContain("StackOverflowError").doesNotContain("OutOfMemoryError");
	}

}
