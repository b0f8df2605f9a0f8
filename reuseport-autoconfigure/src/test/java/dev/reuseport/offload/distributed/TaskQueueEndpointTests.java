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

package dev.reuseport.offload.distributed;

import java.time.Duration;
import java.util.UUID;

import dev.reuseport.actuate.endpoint.ReusePortTaskQueueEndpoint;
import dev.reuseport.offload.distributed.QueueApplication.FlakyTask;
import dev.reuseport.offload.distributed.QueueApplication.Reply;
import dev.reuseport.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the {@link ReusePortTaskQueueEndpoint} and the {@code reuseportTaskQueue}
 * health indicator of a running application, over HTTP, with a real Redis.
 *
 * @author reuseport team
 */
class TaskQueueEndpointTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final String application = "endpoint-" + UUID.randomUUID();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		QueueApplication.FAILING.set(false);
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void endpointShowsTheQueueAndDeadLettersWithDigestsAndItsWritesAreOffByDefault() {
		this.context = start();
		deadLetterAFlakyJob();
		String body = get("/actuator/reuseporttasks");
		assertThat(body).contains("\"deadLetters\":1")
			.contains("\"deadLettered\":1")
			.contains("\"retried\":1")
			.contains("\"name\":\"flaky\"")
			.contains("flaky secret-id failed")
			.contains("\"arguments\":\"hmac:")
			.doesNotContain("[\"secret-id\"]");
		assertThat(QueueApplication.postJson(this.context, "/actuator/reuseporttasks", "{\"purge\":true}")
			.block(WAIT)
			.status()).isIn(404, 405);
		assertThat(get("/actuator/reuseporttasks")).contains("\"deadLetters\":1");
	}

	@Test
	void whenAllowedADeadLetterIsReplayedAsAJobAndTheDeadLettersArePurged() {
		this.context = start("management.endpoint.reuseporttasks.access=unrestricted",
				"management.endpoint.reuseporttasks.show-values=always");
		deadLetterAFlakyJob();
		String body = get("/actuator/reuseporttasks");
		assertThat(body).contains("\"arguments\":\"[\\\"secret-id\\\"]\"");
		String id = body.replaceAll("(?s).*\"recentDeadLetters\":\\[\\{\"id\":\"([0-9-]+)\".*", "$1");
		QueueApplication.FAILING.set(false);
		Reply replayed = QueueApplication
			.postJson(this.context, "/actuator/reuseporttasks", "{\"replay\":\"" + id + "\"}")
			.block(WAIT);
		assertThat(replayed.status()).isEqualTo(200);
		await().atMost(WAIT).until(() -> this.context.getBean(FlakyTask.class).ran().contains("secret-id"));
		assertThat(QueueApplication.postJson(this.context, "/actuator/reuseporttasks", "{\"replay\":\"1-1\"}")
			.block(WAIT)
			.status()).isEqualTo(404);
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.getPort());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			TaskStreams streams = this.context.getBean(TaskStreams.class);
			connection.sync().xadd(streams.dead(), "entry", "9-9", "reason", "foreign", "consumer", "x");
			assertThat(QueueApplication.postJson(this.context, "/actuator/reuseporttasks", "{\"purge\":true}")
				.block(WAIT)
				.body()).isEqualTo("{\"purged\":1}");
			assertThat(connection.sync().xlen(streams.dead())).isZero();
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void healthIndicatorIsUpWhileRedisAnswersAndInNoProbeGroup() {
		this.context = start("management.endpoint.health.probes.enabled=true");
		await().atMost(WAIT).until(() -> get("/actuator/health/reuseportTaskQueue").contains("\"status\":\"UP\""));
		assertThat(get("/actuator/health/readiness")).doesNotContain("reuseportTaskQueue");
		assertThat(get("/actuator/health/liveness")).doesNotContain("reuseportTaskQueue");
	}

	private void deadLetterAFlakyJob() {
		QueueApplication.FAILING.set(true);
		this.context.getBean(FlakyTask.class).run("secret-id");
		await().atMost(WAIT).until(() -> get("/actuator/reuseporttasks").contains("\"deadLetters\":1"));
	}

	private ConfigurableApplicationContext start(String... properties) {
		String[] all = new String[properties.length + 2];
		all[0] = "reuseport.offload.distributed.backoff=10ms";
		all[1] = "reuseport.offload.distributed.max-attempts=2";
		System.arraycopy(properties, 0, all, 2, properties.length);
		return QueueApplication.start(redis, this.application, "endpoint-", all);
	}

	private String get(String path) {
		return QueueApplication.get(this.context, path).block(WAIT).body();
	}

}
