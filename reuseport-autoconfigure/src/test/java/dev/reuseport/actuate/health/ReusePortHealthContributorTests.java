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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReusePortHealthContributor} before its group runs, without a server;
 * {@code ReusePortActuatorIntegrationTests} covers running, stalled and replaced workers.
 *
 * @author reuseport team
 */
class ReusePortHealthContributorTests {

	@Test
	void aGroupWithoutWorkersHasNoEntries() {
		ReusePortHealthContributor contributor = new ReusePortHealthContributor(new WorkerGroup());
		assertThat(contributor.stream()).isEmpty();
		assertThat(contributor.getContributor("worker-0")).isNull();
	}

}
