#!/usr/bin/env node
// The installed command. The CLI is TypeScript compiled to dist/ (npm run build).
import '../dist/bin/entry.js';
