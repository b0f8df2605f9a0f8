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

package dev.reuseport.testsupport;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a test needs from the machine. Outside CI a missing requirement skips the test
 * with its reason; in CI ({@code CI=true}) it fails it with the same reason, so that a
 * green build never hides tests that did not run.
 *
 * @author reuseport team
 */
public final class Requirements {

	private Requirements() {
	}

	/**
	 * Require a condition of the machine.
	 * @param met whether the requirement is met
	 * @param reason what is missing and how to get it
	 */
	public static void require(boolean met, Supplier<String> reason) {
		if (met) {
			return;
		}
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("Required in CI: " + reason.get());
		}
		assumeTrue(false, reason);
	}

}
