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

import java.util.List;

import dev.reuseport.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves with BlockHound that the caches make no blocking call on an event loop: misses,
 * hits, coalesced misses, revalidation, stale serving with a background revalidation,
 * stale-if-error, eviction, invalidation and single-flight loads of the shared cache.
 *
 * @author reuseport team
 */
class BlockHoundHttpCacheTests {

	@Test
	void cachePathsDoNotBlockEventLoops() {
		ChildJvm.Result result = ChildJvm.run(List.of("-XX:+AllowRedefinitionToAddDeleteMethods"),
				BlockHoundHttpCacheCheck.class);
		assertThat(result.output()).as(result.output())
			.contains("CHECK miss-and-hit [200] 0")
			.contains("CHECK coalesced [200] 0")
			.contains("CHECK uncacheable-concurrent [200] 0")
			.contains("CHECK revalidated [200] 0")
			.contains("CHECK swr [200] 0")
			.contains("AWAIT swr-stale true")
			.contains("CHECK swr-stale [200] 0")
			.containsPattern("STATUS swr-stale \\[[^\\n]*detail=stale-while-revalidate")
			.contains("AWAIT swr-revalidated true")
			.contains("CHECK sie [200] 0")
			.contains("AWAIT sie-stale true")
			.contains("CHECK sie-stale [200] 0")
			.containsPattern("STATUS sie-stale \\[[^\\n]*detail=stale-if-error")
			.contains("CHECK evicting [200] 0")
			.contains("CHECK invalidate [200, 204] 0")
			.contains("CHECK shared-cache [200] 0")
			.containsPattern("CHECK control \\[200\\] [1-9]");
		assertThat(result.exitCode()).isZero();
	}

}
