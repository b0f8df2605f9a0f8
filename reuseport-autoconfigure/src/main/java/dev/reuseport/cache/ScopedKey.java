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

package dev.reuseport.cache;

/**
 * A key of the {@link SharedCache} that belongs to a scope, such as the name of a Spring
 * cache, so that a scope can be invalidated as a whole with
 * {@link SharedCache#invalidateScope(String)}.
 *
 * @param scope the scope
 * @param key the key within the scope
 * @author reuseport team
 * @since 0.1.0
 */
public record ScopedKey(String scope, Object key) {

}
