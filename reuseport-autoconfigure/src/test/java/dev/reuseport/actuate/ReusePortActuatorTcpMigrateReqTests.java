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

package dev.reuseport.actuate;

import java.util.Map;

import dev.reuseport.testsupport.PrivateNetwork;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the {@code reuseport} endpoint and the readiness health report
 * {@code net.ipv4.tcp_migrate_req} as it is: each value is set in a private network
 * namespace of its own, so the expected answer comes from the test, not from reading the
 * setting the way the endpoint does.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "network namespaces and tcp_migrate_req are Linux features")
class ReusePortActuatorTcpMigrateReqTests {

	@ParameterizedTest(name = "tcp_migrate_req={0}")
	@CsvSource({ "0, 0", "1, 1" })
	void endpointAndReadinessReportTheSetting(int setting, long reported) {
		Map<String, Long> result = PrivateNetwork.run(setting, TcpMigrateReqScenario.class);
		assertThat(result).containsEntry("endpoint", reported).containsEntry("readiness", reported);
	}

}
