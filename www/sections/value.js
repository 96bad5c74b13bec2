// value: built by the sections work.
import { h, fill } from '../ui.js';

export default {
  id: 'value',
  kinds: [],
  mount(ctx) {
    fill(ctx.root, h('header', { class: 'section-head' }, h('h2', {}, ctx.t('value.title'))));
    return {};
  },
};
