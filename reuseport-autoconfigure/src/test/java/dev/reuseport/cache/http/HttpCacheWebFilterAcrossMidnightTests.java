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

package dev.reuseport.cache.http;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Runs every test of {@link HttpCacheWebFilterTests}, early hits on, with the cache's and
 * the handlers' clock started at 2026-12-31T23:59:57Z: HTTP dates written and read on
 * both sides of a midnight UTC (and of a new year), from the 31st to the 1st, whatever
 * day the suite runs on.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class HttpCacheWebFilterAcrossMidnightTests extends HttpCacheWebFilterTests {

	@Override
	boolean earlyHits() {
		return true;
	}

	@Override
	String clockStart() {
		return "2026-12-31T23:59:57Z";
	}

}
