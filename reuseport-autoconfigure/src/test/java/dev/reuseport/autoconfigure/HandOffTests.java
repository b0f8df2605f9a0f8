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

package dev.reuseport.autoconfigure;

import java.util.Map;

import dev.reuseport.testsupport.LoadClients;
import dev.reuseport.testsupport.PrivateNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blue/green on one host: a second JVM joins the port with
 * {@code reuseport.allow-shared-port=true}, the first shuts down gracefully on SIGTERM,
 * and no client request fails ({@code tcp_migrate_req=1}, private network namespace).
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "network namespaces and tcp_migrate_req are Linux features")
class HandOffTests {

	@Test
	void secondJvmTakesOverThePortWithoutFailedRequests() {
		Map<String, Long> result = PrivateNetwork.run(1, HandOffScenario.class);
		assertThat(result.get("listeners-during")).isEqualTo(4);
		assertThat(result.get("a-stopped-ms")).isNotNegative();
		LoadClients.assertNoRequestFailed(result);
	}

}
