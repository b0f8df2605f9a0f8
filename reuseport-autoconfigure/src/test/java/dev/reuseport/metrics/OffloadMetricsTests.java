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

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.OffloadSchedulerBuilder;
import dev.reuseport.offload.OffloadUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link OffloadMetrics}, on a real scheduler without a server.
 *
 * @author reuseport team
 */
class OffloadMetricsTests {

	private final OffloadScheduler scheduler = new OffloadSchedulerBuilder().name("metered")
		.threads(1)
		.queueCapacity(1)
		.build();

	@AfterEach
	void dispose() {
		this.scheduler.dispose();
	}

	@Test
	void countsRunsRejectionsAndUtilizationTaggedWithTheSchedulerName() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new OffloadMetrics(this.scheduler).bindTo(registry);
		assertThat(this.scheduler.submit(() -> "done").block(Duration.ofSeconds(5))).isEqualTo("done");
		CountDownLatch release = new CountDownLatch(1);
		Mono<Boolean> held = this.scheduler.submit(() -> release.await(5, TimeUnit.SECONDS));
		held.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.scheduler.getStatistics().busyThreads() == 1);
		this.scheduler.submit(() -> "queued").subscribe();
		assertThatExceptionOfType(OffloadUnavailableException.class)
			.isThrownBy(() -> this.scheduler.submit(() -> "rejected").block(Duration.ofSeconds(5)));
		assertThat(registry.get(OffloadMetrics.UTILIZATION).tag("name", "metered").gauge().value()).isEqualTo(1.0);
		assertThat(registry.get(OffloadMetrics.REJECTED).tag("name", "metered").functionCounter().count())
			.isEqualTo(1.0);
		release.countDown();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> registry.get(OffloadMetrics.RUN).tag("name", "metered").timer().count() == 3);
		assertThat(registry.get(OffloadMetrics.QUEUE_WAIT).tag("name", "metered").timer().count()).isEqualTo(3);
		assertThat(registry.get("executor.completed").tag("name", "metered").functionCounter().count()).isPositive();
	}

}
