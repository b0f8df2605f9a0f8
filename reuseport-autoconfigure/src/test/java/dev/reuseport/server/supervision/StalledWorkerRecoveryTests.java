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

package dev.reuseport.server.supervision;

import java.util.Map;

import dev.reuseport.testsupport.LoadClients;
import dev.reuseport.testsupport.PrivateNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One worker's event loop blocked for 5 s under new-connection load: the watchdog detects
 * it past the stall threshold (500 ms here), evicts its listener and starts a
 * replacement, and no request fails ({@code tcp_migrate_req=1}, private network
 * namespace).
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "network namespaces and tcp_migrate_req are Linux features")
class StalledWorkerRecoveryTests {

	@Test
	void stalledWorkerIsDetectedAndReplacedWithoutFailedRequests() {
		Map<String, Long> result = PrivateNetwork.run(1, StalledWorkerScenario.class);
		LoadClients.assertNoRequestFailed(result);
		assertThat(result.get("stalls")).isOne();
		assertThat(result.get("detection-ms")).as("threshold 500 ms minus up to one 100 ms probe interval, plus checks")
			.isBetween(400L, 1500L);
		assertThat(result.get("replacement-served")).isOne();
		assertThat(result.get("stalled-stopped")).as("the stalled worker reached STOPPED").isOne();
		assertThat(result.get("slow"))
			.as("only requests on connections the loop accepted before it stalled wait for it")
			.isLessThanOrEqualTo(5L);
	}

}
