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
import java.util.Map;

import dev.reuseport.testsupport.LoadClients;
import dev.reuseport.testsupport.PrivateNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rolling restart of every instance of an application whose calls all go through the
 * distributed offload queue, under load ({@link RollingRestartScenario}, private network
 * namespace, {@code tcp_migrate_req=1}): no request fails, so no task is lost and no
 * caller fails, and the queue ends empty with nothing in the dead letter.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "network namespaces and tcp_migrate_req are Linux features")
class RollingRestartTests {

	@Test
	void restartingEveryInstanceUnderLoadLosesNoTaskAndFailsNoCaller() {
		Map<String, Long> result = PrivateNetwork.run(1, Duration.ofMinutes(5), RollingRestartScenario.class);
		LoadClients.assertNoRequestFailed(result);
		assertThat(result.get("exited")).isEqualTo(3);
		assertThat(result.get("pending")).isZero();
		assertThat(result.get("queued")).isZero();
		assertThat(result.get("dead")).isZero();
	}

}
