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

package dev.reuseport.actuate.health;

import dev.reuseport.server.supervision.WorkerGroup;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReusePortReadinessHealthIndicator}, without a server.
 *
 * @author reuseport team
 */
class ReusePortReadinessHealthIndicatorTests {

	@Test
	void withoutReusePortWorkersTheInstanceIsReady() {
		Health health = ReusePortReadinessHealthIndicator.withoutWorkers().health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("reuseport", "disabled");
	}

	@Test
	void aGroupWithNoWorkerAcceptingIsNotReady() {
		Health health = new ReusePortReadinessHealthIndicator(new WorkerGroup()).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("acceptingWorkers", 0L)
			.containsEntry("workers", 0)
			.containsKey("tcpMigrateReq");
	}

}
